import * as z from 'zod';
import { username } from '../schemas.js';

/**
 * Bodies and payloads of account security (routes in account-routes.ts, reset-events.ts). Every
 * one is strict: a key the server does not know is refused, not ignored.
 */

/** As registration takes it: 8 to 1024 characters. */
const newPassword = z.string().min(8, 'must be at least 8 characters').max(1024);
/** A password to check: as login takes it. */
const password = z.string().min(1).max(1024);

export const changePasswordBody = z.strictObject({ currentPassword: password, newPassword });
export const deleteAccountBody = z.strictObject({ password });
export const passwordResetBody = z.strictObject({
  username,
  code: z.string().min(1).max(128),
  newPassword,
});
export const transferBody = z.strictObject({ username, password });
/** `:id` of `DELETE /api/sessions/:id`. */
export const sessionIdParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const resetPayload = z.strictObject({ userId: z.int().positive() });
