import { ChatError } from '../errors.js';
import { hashToken, randomToken } from '../auth/tokens.js';
import { ErrorCode, type AuditEntry, type InviteCode } from '../protocol.js';
import type { ChatStore } from '../storage/store.js';
import { requireAdmin } from './require-role.js';

/** Listed until this long after they expire, so that the panel shows recent codes' fate. */
const LISTED_AFTER_EXPIRY_MS = 30 * 24 * 3600_000;

/**
 * Makes a server invite code for an admin or the owner. The code is returned once; the store
 * keeps only its hash (and its first 4 characters as a hint). Recorded in the audit log.
 */
export async function issueInviteCode(
  store: ChatStore,
  actorId: number,
  request: { maxUses: number | null; lifetimeMs: number },
): Promise<{ code: string; invite: InviteCode }> {
  const actor = await requireAdmin(store, actorId);
  const code = randomToken(12);
  const now = Date.now();
  const invite = await store.createInviteCode({
    hash: hashToken(code),
    hint: code.slice(0, 4),
    createdBy: actor.id,
    createdAt: now,
    expiresAt: now + request.lifetimeMs,
    maxUses: request.maxUses,
  });
  const hours = Math.round(request.lifetimeMs / 3600_000);
  await store.addAudit({
    actorId: actor.id,
    action: 'invite.create',
    target: inviteTarget(invite),
    detail: `${request.maxUses === null ? 'unlimited uses' : `up to ${uses(request.maxUses)}`}, expires in ${hours} h`,
    at: now,
  });
  return { code, invite };
}

/** Every code that has not been expired for more than 30 days, newest first. */
export async function listInviteCodes(store: ChatStore, actorId: number): Promise<InviteCode[]> {
  await requireAdmin(store, actorId);
  return store.inviteCodes(Date.now() - LISTED_AFTER_EXPIRY_MS);
}

/** Revokes a code at once: registration refuses it from now on. `not_found` for an unknown id. */
export async function revokeInviteCode(
  store: ChatStore,
  actorId: number,
  id: string,
): Promise<InviteCode> {
  const actor = await requireAdmin(store, actorId);
  const now = Date.now();
  const invite = await store.revokeInviteCode(id, now);
  if (!invite) throw new ChatError(ErrorCode.notFound, 'No such invite code.');
  await store.addAudit({
    actorId: actor.id,
    action: 'invite.revoke',
    target: inviteTarget(invite),
    detail: `${uses(invite.uses)} so far`,
    at: now,
  });
  return invite;
}

function inviteTarget(invite: InviteCode): NonNullable<AuditEntry['target']> {
  return { kind: 'invite', id: invite.id, label: `${invite.hint}…` };
}

const uses = (n: number) => (n === 1 ? '1 use' : `${n} uses`);
