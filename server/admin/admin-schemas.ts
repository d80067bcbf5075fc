import { z } from 'zod';
import { nameProblem } from '../names.js';
import { BAN_REASON_MAX, REGISTRATION_POLICIES } from '../protocol.js';
import { username } from '../schemas.js';

/**
 * Payloads of the `admin:*` events (see "Administration" in protocol.ts). Every one is strict: a
 * key the server does not know is refused (`invalid_payload`), not ignored.
 */

const id = z.int().positive();
const limit = z.int().min(1).max(100).default(50);

/** As a display name (schemas.ts `visibleName`): trimmed, 1 to 64 visible characters, NFC. */
const serverName = z
  .string()
  .max(256)
  .trim()
  .min(1)
  .max(64)
  .superRefine((name, ctx) => {
    const problem = nameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((name) => name.normalize('NFC'));

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
    name: serverName.optional(),
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
