import * as z from 'zod';
import { ChatError } from './errors.js';
import { nameProblem } from './names.js';
import { ErrorCode, MAX_ATTACHMENTS, MAX_DIRECT_MEMBERS, NOTIFY_LEVELS } from './protocol.js';
import { singleEmoji } from './shared/emoji.js';

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
export const visibleName = z
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
/**
 * Usernames are case-insensitive; they are stored and compared in lower case. The one schema of
 * a username, wherever one is taken (registration, login, lookups by name).
 */
export const username = z
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
/** Up to 8 names: the opener may name themselves too (ignored); the handler counts the others. */
export const dmOpenPayload = z.object({
  usernames: z.array(username).min(1).max(MAX_DIRECT_MEMBERS),
});
export const roomMembersPayload = z.object({
  roomId: id,
  // 0 is the cursor after a first page that held only people online.
  after: z.int().min(0).optional(),
  limit: z.int().min(1).max(200).optional(),
});
/** Text length is checked after trimming by the handler, so that too long gets `too_large`. */
// Lone surrogates would pass every length check and be stored as three U+FFFD each.
const messageText = z.string().refine((text) => text.isWellFormed(), 'must be well-formed Unicode');
export const messageSendPayload = z
  .object({
    roomId: id,
    text: messageText,
    clientId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 characters of A-Z a-z 0-9 _ -'),
    replyTo: id.optional(),
    threadId: id.optional(),
    alsoToRoom: z.boolean().optional(),
    fileIds: z
      .array(z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'must be file ids from POST /api/files'))
      .max(MAX_ATTACHMENTS)
      .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a file')
      .optional(),
  })
  .refine((p) => !p.alsoToRoom || p.threadId !== undefined, 'alsoToRoom needs threadId');
export const messageEditPayload = z.object({ messageId: id, text: messageText });
export const messageIdPayload = z.object({ messageId: id });
export const reactPayload = z.object({
  messageId: id,
  // One spelling per emoji (variation selectors), so that 👍 and 👍+U+FE0F count as one.
  emoji: z
    .string()
    .max(64)
    .transform((text) => singleEmoji(text) ?? '')
    .refine((emoji) => emoji !== '', 'must be one emoji'),
  on: z.boolean(),
});
export const changesPayload = z.object({
  rooms: z
    .array(z.object({ roomId: id, since: z.int().min(0) }))
    .min(1)
    .max(100),
  limit: z.int().min(1).max(1000).optional(),
});
export const readPayload = z.object({ roomId: id, messageId: z.int().min(0) });
export const notifyPayload = z.object({ roomId: id, level: z.enum(NOTIFY_LEVELS) });
export const historyPayload = z
  .object({
    roomId: id,
    threadId: id.optional(),
    before: id.optional(),
    after: z.int().min(0).optional(),
    around: id.optional(),
    limit: z.int().min(1).max(100).optional(),
  })
  .refine((p) => p.before === undefined || p.after === undefined, 'give before or after, not both')
  .refine(
    (p) => p.around === undefined || (p.before ?? p.after ?? p.threadId) === undefined,
    'around: not with before, after or threadId',
  );
export const typingPayload = z.object({ roomId: id, typing: z.boolean() });
export const authRefreshPayload = z.object({ token: z.string() });
