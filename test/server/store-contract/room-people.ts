import type { CreateRoomOutcome, OpenDirectOutcome } from '../../../server/storage/store.js';
import { newUser, type ContractStore } from './harness.js';

const open = { policy: 'open' as const, now: 0, setupVerified: true };

/** Registers the people, in order (the first one is the owner); resolves with their ids. */
export async function people(store: ContractStore, names: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const name of names) {
    const made = await store.registerUser(newUser(name), open);
    if (!made.ok) throw new Error(`no user ${name}`);
    ids.push(made.user.id);
  }
  return ids;
}

/** The room of an outcome that must have made or opened one. */
export function roomOf(outcome: CreateRoomOutcome | OpenDirectOutcome) {
  if (!outcome.ok) throw new Error(`refused: ${outcome.reason}`);
  return outcome.room;
}

/** Makes a room that must be made, without quota; resolves with its id. */
export async function made(
  store: ContractStore,
  createdBy: number,
  name: string,
  kind: 'public' | 'private' = 'public',
): Promise<number> {
  return roomOf(await store.createRoom({ name, kind, createdBy, now: 0 })).id;
}
