import type { Message } from '../../../server/protocol.js';
import type { NewMessage } from '../../../server/storage/store.js';
import type { ContractStore, StoreKind } from './harness.js';
import { people } from './room-people.js';

/** The default room every registered person is in. */
export const GENERAL = 1;

let clientIds = 0;

/** What `appendMessage` takes: `text` in the room by the author, a fresh client id. */
export function draft(
  roomId: number,
  authorId: number,
  text: string,
  more: Partial<NewMessage> = {},
): NewMessage {
  clientIds++;
  return {
    roomId,
    authorId,
    text,
    clientId: `c${clientIds}`,
    createdAt: 1000 + clientIds,
    mentions: { names: [], room: false },
    ...more,
  };
}

/** The message of an outcome that must have stored or found one. */
export function stored(outcome: Awaited<ReturnType<ContractStore['appendMessage']>>): Message {
  if ('refused' in outcome) throw new Error(`refused: ${outcome.refused}`);
  return outcome.message;
}

/** Sends a message that must be stored; resolves with it. */
export async function send(
  store: ContractStore,
  roomId: number,
  authorId: number,
  text: string,
  more: Partial<NewMessage> = {},
): Promise<Message> {
  return stored(await store.appendMessage(draft(roomId, authorId, text, more)));
}

/** A fresh database, one store on it, and the people `names` (the first is the owner). */
export async function oneNode(kind: StoreKind, names: string[]) {
  const db = await kind.fresh();
  const store = await db.open();
  return { db, store, ids: await people(store, names) };
}

/** A fresh database with two stores on it (two nodes), and the people `names`. */
export async function twoNodes(kind: StoreKind, names: string[]) {
  const db = await kind.fresh();
  const nodes: [ContractStore, ContractStore] = [await db.open(), await db.open()];
  return { db, nodes, ids: await people(nodes[0], names) };
}

/** Every message of the room's timeline (or a thread), oldest first, paging by `after`. */
export async function everything(store: ContractStore, roomId: number, threadId?: number) {
  const all: Message[] = [];
  for (let after = 0; ;) {
    const page = await store.history(roomId, {
      after,
      limit: 50,
      ...(threadId ? { threadId } : {}),
    });
    all.push(...page.messages);
    const last = page.messages[page.messages.length - 1];
    if (!page.hasMore || !last) return all;
    after = last.id;
  }
}

/** Adds a file row uploaded by `uploaderId` (the file slice is not in every store yet). */
export async function seedFile(
  seed: { sql(statement: string, params: unknown[]): Promise<unknown> },
  id: string,
  uploaderId: number,
  image = false,
): Promise<void> {
  await seed.sql(
    `INSERT INTO files (id, sha256, name, size, type, width, height, uploader_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)`,
    [
      id,
      'a'.repeat(64),
      `${id}.png`,
      10,
      'image/png',
      image ? 4 : null,
      image ? 3 : null,
      uploaderId,
    ],
  );
}
