import * as z from 'zod';
import { nameProblem } from '../names.js';
import { STATUS_TEXT_MAX } from '../protocol.js';
import { visibleName } from '../schemas.js';
import { singleEmoji } from '../shared/emoji.js';

/** Users one `users:get` may ask for. */
export const USERS_PER_REQUEST = 100;

const id = z.int().positive();

// Every payload is strict: a key the server does not know is refused, not ignored.

/** `users:get`: 1 to 100 distinct user ids. */
export const usersGetPayload = z.strictObject({
  userIds: z
    .array(id)
    .min(1)
    .max(USERS_PER_REQUEST)
    .refine((ids) => new Set(ids).size === ids.length, 'must not repeat an id'),
});

/**
 * A status emoji: '' (none) or exactly one RGI emoji, in one spelling (variation selectors as
 * reactions have them), so that the same emoji is stored the same way whatever the keyboard.
 */
const statusEmoji = z
  .string()
  .max(64)
  .trim()
  .transform((text) => (text === '' ? '' : (singleEmoji(text) ?? null)))
  .refine((emoji): emoji is string => emoji !== null, 'must be one emoji or empty');

/**
 * A status text: trimmed, at most STATUS_TEXT_MAX characters (code points, so an emoji counts
 * once), '' allowed, and otherwise the rule of names: nothing invisible, bidi or control, since
 * everyone reads it next to the person's name. Stored in NFC.
 */
const statusText = z
  .string()
  .max(1024)
  .trim()
  .refine(
    (text) => [...text].length <= STATUS_TEXT_MAX,
    `must be at most ${STATUS_TEXT_MAX} characters`,
  )
  .superRefine((text, ctx) => {
    const problem = text === '' ? undefined : nameProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((text) => text.normalize('NFC'));

/** `profile:update`: a display name (registration's rule), a status, or both; never neither. */
export const profileUpdatePayload = z
  .strictObject({
    displayName: visibleName.optional(),
    status: z.strictObject({ emoji: statusEmoji, text: statusText }).optional(),
  })
  .refine(
    (change) => change.displayName !== undefined || change.status !== undefined,
    'give a displayName, a status, or both',
  );
