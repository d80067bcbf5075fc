import * as z from 'zod';
import { BAN_REASON_MAX, REGISTRATION_POLICIES } from '../protocol.js';
import { username, visibleName } from '../schemas.js';

/**
 * Payloads of the `admin:*` events (see "Administration" in protocol.ts). Every one is strict: a
 * key the server does not know is refused (`invalid_payload`), not ignored.
 */

const id = z.int().positive();
const limit = z.int().min(1).max(100).default(50);

/** A ban reason: trimmed, at most `BAN_REASON_MAX` characters, may be empty. */
export const banReason = z
  .string()
  .max(BAN_REASON_MAX * 2)
  .trim()
  .max(BAN_REASON_MAX);

export const adminUsersPayload = z.strictObject({
  query: z.string().max(64).trim().optional(),
  after: z.int().min(0).optional(),
  limit,
});
export const banPayload = z.strictObject({ userId: id, reason: banReason });
export const userIdPayload = z.strictObject({ userId: id });
export const rolePayload = z.strictObject({ userId: id, role: z.enum(['admin', 'member']) });
export const inviteCreatePayload = z.strictObject({
  maxUses: z.int().min(1).max(1000).nullable().default(1),
  expiresInHours: z.int().min(1).max(720).optional(),
});
export const inviteRevokePayload = z.strictObject({ id: z.string().regex(/^[0-9a-f]{16}$/) });
/** At least one setting; a key the server does not know is refused, not ignored. */
export const settingsUpdatePayload = z
  .strictObject({
    // A server name follows the display-name rule (trimmed, 1 to 64 visible characters, NFC).
    name: visibleName.optional(),
    registration: z.enum(REGISTRATION_POLICIES).optional(),
    deletedUserMessages: z.enum(['keep', 'delete']).optional(),
  })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), {
    message: 'name at least one setting',
  });
export const auditPayload = z.strictObject({ before: z.int().positive().optional(), limit });
/** `POST /api/admin/ban`: a username and an optional reason. */
export const banBody = z.strictObject({ username, reason: banReason.default('') });
/** `POST /api/admin/unban`: a username. */
export const unbanBody = z.strictObject({ username });
