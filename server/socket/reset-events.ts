import { outranks, requireAdmin } from '../admin/require-role.js';
import { resetPayload } from '../auth/security-schemas.js';
import { hashToken, randomToken } from '../auth/tokens.js';
import { ChatError } from '../errors.js';
import { ErrorCode } from '../protocol.js';
import { acked, type AckedTable } from './dispatch.js';

/** How long a reset code can be redeemed. */
export const RESET_CODE_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * `admin:reset-password`: an admin makes a one-time code for someone they outrank (nobody for
 * the owner; an admin for another admin only when they are the owner), to hand over. The code
 * is shown once; the store keeps its hash, one per user (a new one replaces the last). Redeemed
 * with `POST /api/password/reset`, which ends every session of the account.
 */
export const resetEvents: Partial<AckedTable> = {
  'admin:reset-password': acked(resetPayload, async ({ userId }, socket, { store }) => {
    const actor = await requireAdmin(store, socket.data.user.id);
    const target = await store.findUserById(userId);
    if (!target || (await store.isDeleted(userId)))
      throw new ChatError(ErrorCode.notFound, 'No such user.');
    if (!outranks(actor, target))
      throw new ChatError(
        ErrorCode.forbidden,
        target.role === 'owner'
          ? 'Nobody can reset the owner’s password.'
          : 'Only the owner can reset an admin’s password.',
      );
    // 16 random bytes: 22 characters to read out or paste, spent at most once.
    const code = randomToken(16);
    const now = Date.now();
    const expiresAt = now + RESET_CODE_TTL_MS;
    await store.issuePasswordReset({
      userId: target.id,
      hash: hashToken(code),
      createdBy: actor.id,
      expiresAt,
    });
    await store.addAudit({
      actorId: actor.id,
      action: 'user.password_reset',
      target: { kind: 'user', id: String(target.id), label: target.username },
      at: now,
    });
    return { code, expiresAt };
  }),
};
