/**
 * The wire protocol's version, here rather than in protocol.ts so that clients may import it at
 * run time (protocol.ts is types for them). Bumped on any breaking change to protocol.ts.
 * 2: `rooms:list` pages, `room:invite` makes invitations, origin refusals come from engine.io.
 * 3: messages change (edits, deletions, reactions, threads, mentions) and carry their change
 *    feed position; read state lives on the server.
 * 4: messages carry attachments (and may have no text), `file:urls`, `search`, history `around`.
 * 5: roles gain `admin`; profiles, rooms with topics and archiving, `admin:*`, `user:updated`.
 */
export const PROTOCOL_VERSION = 5;
