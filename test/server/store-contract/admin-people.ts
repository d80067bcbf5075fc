import { createHash } from 'node:crypto';
import type { NewInviteCode } from '../../../server/storage/admin-store.js';
import { newUser, type ContractStore } from './harness.js';

/** Registration with no policy in the way, at time 0. */
export const open = { policy: 'open' as const, now: 0, setupVerified: true };

/** Registers these people (the first one the owner) and resolves with their ids, in order. */
export async function register<const Names extends readonly string[]>(
  store: ContractStore,
  names: Names,
): Promise<{ -readonly [K in keyof Names]: number }> {
  const ids: number[] = [];
  for (const name of names) {
    const made = await store.registerUser(newUser(name), open);
    if (!made.ok) throw new Error(`could not register ${name}`);
    ids.push(made.user.id);
  }
  return ids as { -readonly [K in keyof Names]: number };
}

/** The stored hash of an invite code, as the server makes it (SHA-256, base64url). */
export const inviteHash = (code: string): string =>
  createHash('sha256').update(code).digest('base64url');

/** An invite code `code` made by `createdBy`, usable once until `expiresAt`. */
export const invite = (
  code: string,
  createdBy: number,
  extra: Partial<NewInviteCode> = {},
): NewInviteCode => ({
  hash: inviteHash(code),
  hint: code.slice(0, 4),
  createdBy,
  createdAt: 10,
  expiresAt: 1_000,
  maxUses: 1,
  ...extra,
});

/** Registration under the invite policy with this code. */
export const withInvite = (code: string, now = 20) => ({
  policy: 'invite' as const,
  inviteHash: inviteHash(code),
  now,
  setupVerified: true,
});
