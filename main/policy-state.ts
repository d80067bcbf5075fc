import type { PolicyState } from './ipc-channels';

/** No policy file: nothing preset, nothing locked. */
export const NO_POLICY: PolicyState = {
  locks: { servers: false, hosting: false, startAtLogin: false, updates: false },
  presetServers: [],
  updateChannel: 'default',
};
