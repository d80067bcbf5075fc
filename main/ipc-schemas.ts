import { z } from 'zod';
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
} satisfies ArgSchemas;
