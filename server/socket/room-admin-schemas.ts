import * as z from 'zod';
import { nameProblem } from '../names.js';
import { ROOM_TOPIC_MAX } from '../protocol.js';

/** Refuses what names refuse (names.ts): invisible, bidi-reordering and control characters. */
const readable = (text: string, ctx: z.RefinementCtx<string>) => {
  const problem = text === '' ? undefined : nameProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};

/** A room name, by room:create's rules (schemas.ts): trimmed, 1 to 64 characters, NFC. */
const roomName = z
  .string()
  .max(256)
  .trim()
  .min(1)
  .max(64)
  .superRefine(readable)
  .transform((name) => name.normalize('NFC'));
const id = z.int().positive();

// Every payload is strict: a key the server does not know is refused, not ignored.

/** `room:update`: a new name, a topic ('' clears it), or both; at least one. */
export const roomUpdatePayload = z
  .strictObject({
    roomId: id,
    name: roomName.optional(),
    // One line that people read beside the room's name: held to the name rules, so no control
    // characters (line breaks included) and nothing that reorders or hides text.
    topic: z
      .string()
      .max(4 * ROOM_TOPIC_MAX)
      .trim()
      .max(ROOM_TOPIC_MAX)
      .superRefine(readable)
      .transform((topic) => topic.normalize('NFC'))
      .optional(),
  })
  .refine((p) => p.name !== undefined || p.topic !== undefined, {
    message: 'name or topic: one is needed',
  });
export const roomArchivePayload = z.strictObject({ roomId: id, archived: z.boolean() });
/** `name` is the confirmation, compared exactly (after trimming) with the room's name. */
export const roomDeletePayload = z.strictObject({ roomId: id, name: z.string().max(256).trim() });
export const roomRemoveMemberPayload = z.strictObject({ roomId: id, userId: id });
