import * as z from 'zod';
import type { InvokeChannel } from './ipc-contract';

/** An http(s) origin, as the renderer names servers. */
export const serverUrlSchema = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
    } catch {
      return false;
    }
  }, 'an http(s) origin such as http://192.168.1.20:4000');

/** The path of a file on a Parley server: `/files/<id>`, the id 22 characters of base64url. */
export const FILE_PATH = /^\/files\/[A-Za-z0-9_-]{22}$/;

/**
 * A signed file URL to download: absolute http(s), no user name or password, the path of a
 * file and nothing else (its query carries the signature). Whether its origin is a saved server
 * is checked by the handler, which knows the settings. The output is the URL as parsed.
 */
export const fileUrlSchema = z
  .string()
  .max(8192)
  .refine((value) => {
    try {
      const url = new URL(value);
      const web = url.protocol === 'http:' || url.protocol === 'https:';
      return web && !url.username && !url.password && !url.hash && FILE_PATH.test(url.pathname);
    } catch {
      return false;
    }
  }, 'an http(s) URL of a file: <server>/files/<id>?…')
  .transform((value) => new URL(value).href);

export const fingerprintSchema = z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits');

export const savedServerSchema = z.object({
  name: z.string().trim().min(1).max(64),
  url: serverUrlSchema,
  fingerprint: fingerprintSchema.optional(),
});

export const hostSettingsSchema = z.object({
  name: z.string().trim().min(1).max(64),
  port: z.number().int().min(1).max(65535),
  reach: z.enum(['local', 'lan']),
  registration: z.enum(['open', 'invite', 'closed']),
  autoStart: z.boolean(),
});

const roomTarget = { serverUrl: serverUrlSchema, roomId: z.number().int().positive() };
const messageTarget = z.strictObject({ ...roomTarget, messageId: z.number().int().positive() });

/** A Chromium spell-checker language code: `en`, `en-US`, `pt-BR`, `sr-Latn`… */
export const languageSchema = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/);

export const appSettingsSchema = z.strictObject({
  startAtLogin: z.boolean(),
  startHidden: z.boolean(),
  spellcheck: z.boolean(),
  spellcheckLanguages: z.array(languageSchema).max(20).nullable(),
});
const noArgs = z.tuple([]);

/** One argument tuple schema for every request in `ipc-contract.ts`: none missing, none extra. */
type ArgSchemas = Record<InvokeChannel, z.ZodType<unknown[]>>;

/**
 * The arguments each channel accepts, as tuples. The renderer is ours, but it shows text from
 * other people's servers; if it were ever subverted, this is what stands between it and the OS.
 */
export const argSchemas = {
  'token:get': z.tuple([serverUrlSchema]),
  'token:set': z.tuple([serverUrlSchema, z.string().min(1).max(4096)]),
  'token:delete': z.tuple([serverUrlSchema]),
  'shell:open-external': z.tuple([z.string().max(8192)]),
  'badge:set': z.tuple([z.number().int().min(0).max(1_000_000)]),
  notify: z.tuple([
    z.object({ ...roomTarget, title: z.string().max(300), body: z.string().max(1000) }),
  ]),
  'servers:list': noArgs,
  'servers:add': z.tuple([savedServerSchema]),
  'servers:remove': z.tuple([serverUrlSchema]),
  'host:get': noArgs,
  'host:start': z.tuple([hostSettingsSchema]),
  'host:stop': noArgs,
  // No arguments: main picks the folder with the OS dialog, never from the renderer.
  'host:backup': noArgs,
  'host:last-backup': noArgs,
  'servers:inspect': z.tuple([serverUrlSchema]),
  'servers:check': z.tuple([savedServerSchema]),
  'lan:list': noArgs,
  'invite:make': z.tuple([
    z.object({
      serverUrl: serverUrlSchema,
      code: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,128}$/)
        .optional(),
      expiresAt: z.number().int().positive(),
    }),
  ]),
  'invite:parse': z.tuple([z.string().max(8192)]),
  'invite:pending': noArgs,
  'files:download': z.tuple([fileUrlSchema]),
  'app-settings:get': noArgs,
  'app-settings:set': z.tuple([appSettingsSchema]),
  'policy:get': noArgs,
  'menu:message': z.tuple([
    z.strictObject({
      target: messageTarget,
      linkUrl: z.string().max(8192).optional(),
      selection: z.boolean(),
      // A window position: whole, non-negative, and no larger than any screen.
      x: z.number().int().min(0).max(100_000).optional(),
      y: z.number().int().min(0).max(100_000).optional(),
    }),
  ]),
  'message-link:copy': z.tuple([messageTarget]),
  'message-link:pending': noArgs,
} satisfies ArgSchemas;
