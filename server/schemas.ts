import { z } from 'zod';
import { ChatError } from './errors.js';
import { nameProblem } from './names.js';
import { ErrorCode } from './protocol.js';

/** Parses untrusted input; unknown keys are dropped, and any mismatch is `invalid_payload`. */
export function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new ChatError(ErrorCode.invalidPayload, `${where}${issue?.message ?? 'invalid payload'}`);
}

/**
 * A name other people read (display name, room name): trimmed, 1 to 64 characters, nothing
 * invisible, bidi-reordering or control (see names.ts), stored in NFC so equal text is equal.
 */
const visibleName = z
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
const id = z.int().positive();
/** Usernames are case-insensitive; they are stored and compared in lower case. */
const username = z
  .string()
  .max(64)
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9_.-]{3,32}$/, 'must be 3 to 32 characters of a-z 0-9 _ . -'));

// ---- HTTP bodies ----
export const registerBody = z.object({
  username,
  password: z.string().min(8, 'must be at least 8 characters').max(1024),
  displayName: visibleName.optional(),
  invite: z.string().min(1).max(128).optional(),
  setupCode: z.string().min(1).max(64).optional(),
});
export const loginBody = z.object({ username, password: z.string().min(1).max(1024) });
export const refreshBody = z.object({ refreshToken: z.string().min(1).max(256) });
export const usernameBody = z.object({ username });

// ---- Socket payloads ----
export const emptyPayload = z.object({});
export const roomIdPayload = z.object({ roomId: id });
export const roomCreatePayload = z.object({
  name: visibleName,
  kind: z.enum(['public', 'private']),
});
export const roomInvitePayload = z.object({ roomId: id, username });
export const usernamePayload = z.object({ username });
export const roomsListPayload = z.object({
  joined: z.boolean().optional(),
  after: id.optional(),
  limit: z.int().min(1).max(100).optional(),
  query: z.string().max(256).trim().min(1).max(64).optional(),
});
export const dmOpenPayload = z.object({ username });
/** Text length is checked after trimming by the handler, so that too long gets `too_large`. */
export const messageSendPayload = z.object({
  roomId: id,
  // Lone surrogates would pass every length check and be stored as three U+FFFD each.
  text: z.string().refine((text) => text.isWellFormed(), 'must be well-formed Unicode'),
  clientId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 characters of A-Z a-z 0-9 _ -'),
});
export const historyPayload = z
  .object({
    roomId: id,
    before: id.optional(),
    after: z.int().min(0).optional(),
    limit: z.int().min(1).max(100).optional(),
  })
  .refine((p) => p.before === undefined || p.after === undefined, 'give before or after, not both');
export const typingPayload = z.object({ roomId: id, typing: z.boolean() });
export const authRefreshPayload = z.object({ token: z.string() });
