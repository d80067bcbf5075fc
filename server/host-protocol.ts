/**
 * Messages between the desktop app's main process and the server it hosts in a child process
 * (Electron's utilityProcess; a Node fork in tests: same messages either way).
 */
import type { RegistrationPolicy } from './protocol.js';

/** Who can reach a hosted server: this computer only, or every machine on the LAN. */
export type HostReach = 'local' | 'lan';

/**
 * What the main process asks the hosted server to be. Hosting for the LAN serves HTTPS with the
 * self-signed certificate kept in `dataDir` and advertises itself over mDNS.
 */
export interface HostStartOptions {
  dataDir: string;
  name: string;
  /** 0 picks a free port. */
  port: number;
  reach: HostReach;
  registration: RegistrationPolicy;
  /** The built web client, so browsers on the LAN can join too. */
  webRoot?: string;
}

/** Main process → server process. */
export type HostCommand = { type: 'start'; options: HostStartOptions } | { type: 'stop' };

/** Server process → main process. */
export type HostReport =
  /**
   * `fingerprint`: the certificate's SHA-256 (64 hex) when hosting for the LAN over TLS.
   * `setupCode`: while the server has no owner, the one-time code that creating it needs.
   */
  | { type: 'ready'; port: number; urls: string[]; fingerprint?: string; setupCode?: string }
  /** The owner exists now: the setup code is spent. */
  | { type: 'setup-done' }
  | { type: 'failed'; message: string }
  | { type: 'stats'; connections: number; people: number }
  | { type: 'stopped' };
