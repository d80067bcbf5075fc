import * as z from 'zod';
import type { PolicyState, SavedServer } from './ipc-channels';
import { savedServerSchema, serverUrlSchema } from './ipc-schemas';
import { normalizeFingerprint, pinConflict } from './tls/pins';

/*
 * The organisation's policy file (docs/deployment-desktop.md): what it may hold, and what it
 * means once valid. Reading it is policy.ts.
 */

/** "ab12 CD34 …", "AB:12:…" or 64 hex digits, as admins copy it from the hosting screen. */
const fingerprint = z.string().transform((value, ctx) => {
  const hex = normalizeFingerprint(value);
  if (!hex) ctx.addIssue({ code: 'custom', message: 'a SHA-256 fingerprint (64 hex digits)' });
  return hex ?? '';
});

/** A server's address; a trailing "/" is forgiven, since admins paste addresses from a browser. */
const serverUrl = z
  .string()
  .transform((value) => (value.endsWith('/') ? value.slice(0, -1) : value))
  .pipe(serverUrlSchema);

const presetServer = z.strictObject({
  name: savedServerSchema.shape.name,
  url: serverUrl,
  fingerprint: fingerprint.optional(),
});

/**
 * True when two servers cannot both be saved under the app's pin rule (tls/pins.ts: a host has one
 * pinned certificate at most, or none): one pins its host to a certificate the other does not
 * share. Checked both ways, since a server without a fingerprint never conflicts as a newcomer.
 */
export function pinsDisagree(one: SavedServer, other: SavedServer): boolean {
  return pinConflict([one], other) !== undefined || pinConflict([other], one) !== undefined;
}

/** Why a preset server cannot join the ones listed before it, which the app would refuse too. */
function presetProblem(before: SavedServer[], server: SavedServer): string | undefined {
  if (before.some((other) => other.url === server.url)) return `${server.url} is listed twice`;
  const other = before.find((listed) => pinsDisagree(listed, server));
  return (
    other &&
    `${server.url} and ${other.url} are on one host but not pinned to the same certificate ` +
      '(a host has one pinned certificate at most, or none)'
  );
}

/**
 * The policy file. Strict at every level: an unknown key (a typo such as `allowHostng`) makes the
 * whole file invalid and is reported, rather than being ignored while the admin believes it works.
 */
export const policySchema = z
  .strictObject({
    version: z.literal(1),
    servers: z.array(presetServer).max(50).optional(),
    allowServerChanges: z.boolean().optional(),
    allowHosting: z.boolean().optional(),
    allowStartAtLogin: z.boolean().optional(),
    updateChannel: z.enum(['default', 'off']).optional(),
  })
  .superRefine(
    ({ servers = [] }, ctx) => {
      servers.forEach((server, index) => {
        const message = presetProblem(servers.slice(0, index), server);
        if (message) ctx.addIssue({ code: 'custom', path: ['servers', index], message });
      });
    },
    // Only once everything else passed: zod goes on past a failed address (a continuable issue),
    // and comparing hosts parses each address, which throws on one that failed ("https://[").
    { when: (payload) => payload.issues.length === 0 },
  );
export type PolicyFile = z.input<typeof policySchema>;

/** The applied state of a valid policy file. */
export function policyState(file: string, policy: z.output<typeof policySchema>): PolicyState {
  return {
    file,
    locks: {
      servers: policy.allowServerChanges === false,
      hosting: policy.allowHosting === false,
      startAtLogin: policy.allowStartAtLogin === false,
      updates: policy.updateChannel !== undefined,
    },
    presetServers: (policy.servers ?? []).map((server) => server.url),
    updateChannel: policy.updateChannel ?? 'default',
  };
}

/** The policy as loaded: its state for the UI and the handlers, and the servers it presets. */
export interface LoadedPolicy {
  state: PolicyState;
  servers: SavedServer[];
}
