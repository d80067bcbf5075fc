import { handle, type OwnContents } from './ipc';
import type { PolicyState, SavedServer } from './ipc-channels';
import type { LoadedPolicy } from './policy';
import { pinsDisagree } from './policy-schema';
import type { SettingsStore } from './settings';

/** Main's refusals, in words for people (the renderer shows its own lock before they are met). */
export const SERVERS_LOCKED =
  "Your organisation's Parley policy does not allow adding or removing servers.";
export const HOSTING_LOCKED =
  "Your organisation's Parley policy does not allow hosting a server on this computer.";
const presetFixed = (url: string) =>
  `${url} is set by your organisation's Parley policy: it cannot be changed or removed.`;

/**
 * The saved servers with the policy's presets put in: the presets first, in the policy's order
 * and under its names, then the person's own. The policy wins over the settings file, because
 * only an administrator can write it while any program of this user can write the settings:
 * - a preset's fingerprint replaces a pin saved for its address; a preset without one keeps that
 *   saved pin (it adds no trust of its own, as in `SettingsStore.addServer`);
 * - a saved server whose pin disagrees with a preset's host (tls/pins.ts allows one pinned
 *   certificate per host) is dropped, and returned so that the caller can log it.
 */
export function mergePresets(
  saved: readonly SavedServer[],
  presets: readonly SavedServer[],
): { servers: SavedServer[]; dropped: SavedServer[] } {
  const placed = presets.map((preset) => {
    const pin = preset.fingerprint ?? saved.find((s) => s.url === preset.url)?.fingerprint;
    return { name: preset.name, url: preset.url, ...(pin && { fingerprint: pin }) };
  });
  const own = saved.filter((server) => !presets.some((preset) => preset.url === server.url));
  const dropped = own.filter((server) => placed.some((preset) => pinsDisagree(preset, server)));
  return { servers: [...placed, ...own.filter((s) => !dropped.includes(s))], dropped };
}

/**
 * Applies a loaded policy once, at start: its servers go into the settings (see
 * {@link mergePresets}), and `policy:get` answers its state. Returns that state, for the
 * handlers that enforce its locks.
 */
export function setupPolicy(deps: {
  own: OwnContents;
  settings: SettingsStore;
  policy: LoadedPolicy;
  log?: (message: string) => void;
}): PolicyState {
  const { settings, policy, log = console.warn } = deps;
  if (policy.servers.length > 0) {
    const { servers, dropped } = mergePresets(settings.get().servers, policy.servers);
    for (const server of dropped)
      log(`policy: removed ${server.url}: its pinned certificate disagrees with a preset server`);
    settings.update((s) => ({ ...s, servers }));
  }
  handle('policy:get', deps.own, () => policy.state);
  return policy.state;
}

/**
 * Throws main's refusal when the policy forbids this change of the saved servers: any change
 * while servers are locked, and a change to a preset server at any time.
 */
export function guardServerChange(policy: PolicyState, url: string): void {
  if (policy.locks.servers) throw new Error(SERVERS_LOCKED);
  if (policy.presetServers.includes(url)) throw new Error(presetFixed(url));
}

/** Throws main's refusal when the policy turns hosting off. */
export function guardHosting(policy: PolicyState): void {
  if (policy.locks.hosting) throw new Error(HOSTING_LOCKED);
}
