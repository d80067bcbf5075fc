import { z } from 'zod';

/** Bodies and payloads of account security (routes in account-routes.ts, reset-events.ts). */

/** As registration takes it: 8 to 1024 characters. */
const newPassword = z.string().min(8, 'must be at least 8 characters').max(1024);
/** A password to check: as login takes it. */
const password = z.string().min(1).max(1024);
/** As registration takes it (schemas.ts keeps its own private): case-insensitive, lower case. */
const username = z
  .string()
  .max(64)
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9_.-]{3,32}$/, 'must be 3 to 32 characters of a-z 0-9 _ . -'));

export const changePasswordBody = z.object({ currentPassword: password, newPassword });
export const deleteAccountBody = z.object({ password });
export const passwordResetBody = z.object({
  username,
  code: z.string().min(1).max(128),
  newPassword,
});
export const transferBody = z.object({ username, password });
/** `:id` of `DELETE /api/sessions/:id`. */
export const sessionIdParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const resetPayload = z.object({ userId: z.int().positive() });
