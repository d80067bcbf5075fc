import type { HostStatus } from '../../main/ipc-channels';

/** `setupIpc`'s hosting controller for the tests that are not about hosting: nothing hosted. */
export const notHosting = {
  getStatus: (): HostStatus => ({
    state: 'stopped',
    urls: [],
    connections: 0,
    people: 0,
    restarts: 0,
  }),
};
