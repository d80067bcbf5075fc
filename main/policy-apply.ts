import { handle, type OwnContents } from './ipc';
import type { HostStatus, PolicyState, SavedServer } from './ipc-channels';
import { brokenPolicy, loadPolicy, type LoadOptions } from './policy';
import { pinsDisagree } from './policy-schema';
import type { SettingsStore } from './settings';

/** Main's refusals, in words for people (the renderer shows its own lock before they are met). */
export const SERVERS_LOCKED =
  "Your organisation's Parley policy does not allow adding or removing servers.";
export const HOSTING_LOCKED =
  "Your organisation's Parley policy does not allow hosting a server on this computer.";
const presetFixed = (url: string) =>
  `${url} is set by your organisation's Parley policy: it cannot be changed or removed.`;

/** A preset server left out, because it disagrees with a certificate the person saved. */
export interface SkippedPreset {
  preset: SavedServer;
  /** The person's saved server on its host, which stays as it was. */
  saved: SavedServer;
}

/**
 * The saved servers with the policy's presets put in: the presets first, in the policy's order
 * and under its names, then the person's own. Presets only add: a policy file is the easiest file
 * for someone else to plant (docs/deployment-desktop.md), so it never replaces or drops a pin the
 * person saved. A preset without a fingerprint takes the pin saved for its address, if any (it
 * adds no trust of its own, as in `SettingsStore.addServer`); a preset that disagrees with a
 * saved server on its host (tls/pins.ts: one pinned certificate per host, or none) is skipped.
 */
export function mergePresets(
  saved: readonly SavedServer[],
  presets: readonly SavedServer[],
): { servers: SavedServer[]; skipped: SkippedPreset[] } {
  const placed: SavedServer[] = [];
  const skipped: SkippedPreset[] = [];
  for (const preset of presets) {
    const pin = preset.fingerprint ?? saved.find((s) => s.url === preset.url)?.fingerprint;
    const server = { name: preset.name, url: preset.url, ...(pin && { fingerprint: pin }) };
    const clash = [...saved, ...placed].find((other) => pinsDisagree(other, server));
    if (clash) skipped.push({ preset, saved: clash });
    else placed.push(server);
  }
  const own = saved.filter((server) => !placed.some((preset) => preset.url === server.url));
  return { servers: [...placed, ...own], skipped };
}

/** The banner's words for presets left out (the log has the same). */
function skippedNotice(file: string | undefined, skipped: SkippedPreset[]): string {
  const each = skipped.map(
    ({ preset, saved }) =>
      `${preset.url} was not added: its certificate disagrees with the one you trust for ` +
      `"${saved.name}" (${saved.url}), which is kept`,
  );
  return `${file ?? 'The policy file'}: ${each.join('; ')}`;
}

/**
 * Reads the policy file and applies it once, at start: its servers go into the settings (see
 * {@link mergePresets}), and `policy:get` answers its state. Returns that state, for the handlers
 * that enforce its locks. Never throws: anything unexpected fails open as a broken file would.
 */
export function setupPolicy(deps: {
  own: OwnContents;
  settings: SettingsStore;
  file: string;
  /** Tests: where to log, and whose file to trust (root's unless said). */
  read?: LoadOptions;
}): PolicyState {
  const { settings, file } = deps;
  const log = deps.read?.log ?? console.warn;
  let state: PolicyState;
  try {
    const policy = loadPolicy(file, { ...deps.read, log });
    state = policy.state;
    if (policy.servers.length > 0) {
      const { servers, skipped } = mergePresets(settings.get().servers, policy.servers);
      for (const { preset, saved } of skipped)
        log(`policy: ${preset.url} not added: its certificate disagrees with ${saved.url}, saved`);
      settings.update((s) => ({ ...s, servers }));
      state = {
        ...state,
        presetServers: state.presetServers.filter(
          (url) => !skipped.some((k) => k.preset.url === url),
        ),
        ...(skipped.length > 0 && { notice: skippedNotice(state.file, skipped) }),
      };
    }
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    state = brokenPolicy(file, `could not be applied (${why})`, log).state;
  }
  handle('policy:get', deps.own, () => state);
  return state;
}

/**
 * True when `server` is the owner's own way into the server this computer hosts, as the hosting
 * screen adds it: loopback on the port it runs on, over TLS pinned to its certificate when it has
 * one (renderer/src/ui/host-panel.tsx). Only while it runs.
 */
export function isHostedServer(status: HostStatus, server: SavedServer): boolean {
  if (status.state !== 'running' || status.port === undefined) return false;
  const scheme = status.fingerprint ? 'https' : 'http';
  return (
    server.url === `${scheme}://127.0.0.1:${status.port}` &&
    server.fingerprint === status.fingerprint
  );
}

/**
 * Throws main's refusal when the policy forbids this change of the saved servers: any change
 * while servers are locked, and a change to a preset server at any time. With hosting allowed,
 * the server this computer hosts may still be added under the servers lock (`hosted`: see
 * {@link isHostedServer}), or its owner could host it but never open it.
 */
export function guardServerChange(policy: PolicyState, url: string, hosted = false): void {
  if (policy.locks.servers && !(hosted && !policy.locks.hosting)) throw new Error(SERVERS_LOCKED);
  if (policy.presetServers.includes(url)) throw new Error(presetFixed(url));
}

/** Throws main's refusal when the policy turns hosting off. */
export function guardHosting(policy: PolicyState): void {
  if (policy.locks.hosting) throw new Error(HOSTING_LOCKED);
}
