import { readFileSync } from 'node:fs';
import type { TlsChoice } from './cli-args.js';
import type { ChatServerOptions } from './options.js';

export const NO_TLS_WARNING = `WARNING: --no-tls on a LAN address. Passwords, tokens and every message cross the
network in clear text: anyone on it can read them, and use a captured token to act as that person.
Use --no-tls only on a network you control, or behind a TLS-terminating proxy.`;

/** The certificate and key to serve with, as the CLI was asked; loads the self-signed one lazily. */
export async function loadTls(
  choice: TlsChoice,
  dataDir: string,
): Promise<ChatServerOptions['tls']> {
  if (choice.mode === 'off') return undefined;
  if (choice.mode === 'files')
    return { cert: readFileSync(choice.cert), key: readFileSync(choice.key) };
  // Only now: the certificate library does not run in servers that do not need it (bundled, it
  // is parsed at start but its modules run here).
  const { loadOrCreateCertificate } = await import('./tls/self-signed.js');
  return loadOrCreateCertificate(dataDir);
}
