import { X509Certificate } from 'node:crypto';
import { session } from 'electron';
import { handle, type OwnContents } from '../ipc';
import type { SavedServer, ServerInspection } from '../ipc-channels';
import type { SettingsStore } from '../settings';
import { fingerprintOf, getJsonPinned, probeCertificate, trustOnly } from './pinned-tls';
import { certificateVerdict, pinsForHost } from './pins';

/** Chromium's answers to a certificate check: accept, refuse, or use its own verification. */
export const CERT_OK = 0;
export const CERT_REFUSED = -2;
export const CERT_DEFAULT = -3;

/**
 * The renderer's connections honour the pins: a pinned certificate is accepted on its host, a
 * different one is refused before any request goes out, and every other host keeps Chromium's
 * normal checks. Certificate checks are never turned off.
 */
export function certificateVerifyProc(servers: () => readonly SavedServer[]) {
  return (
    request: { hostname: string; certificate: { data: string } },
    callback: (verdict: number) => void,
  ): void => {
    let fingerprint: string;
    try {
      fingerprint = fingerprintOf(new X509Certificate(request.certificate.data));
    } catch {
      return callback(CERT_REFUSED);
    }
    const verdict = certificateVerdict(servers(), request.hostname, fingerprint);
    callback(verdict === 'trust' ? CERT_OK : verdict === 'refuse' ? CERT_REFUSED : CERT_DEFAULT);
  };
}

/**
 * Looks at a server before it is added or when it cannot be reached: TLS or not, which
 * certificate, whether it matches the pin, and (over a pinned connection) its name.
 */
export async function inspectServer(
  input: string,
  servers: readonly SavedServer[],
): Promise<ServerInspection> {
  const typed = new URL(input);
  const httpsUrl = `https://${typed.host}`;
  const presented = await probeCertificate(httpsUrl);
  if (!presented) {
    if (typed.protocol === 'https:')
      return { url: httpsUrl, tls: true, error: `${httpsUrl} does not answer over TLS.` };
    return { url: typed.origin, tls: false };
  }
  const { fingerprint, authorized } = presented;
  // The pin of the host, whichever port it was saved with: the verify hook applies it to all.
  const pin = pinsForHost(servers, typed.hostname).find((p) => p.fingerprint !== fingerprint);
  if (pin)
    return {
      url: httpsUrl,
      tls: true,
      fingerprint,
      authorized,
      mismatch: { pinned: pin.fingerprint, presented: fingerprint, pinnedBy: pin.url },
    };
  try {
    // Trusts exactly the certificate just seen: one that changes before the request fails it.
    const tls = authorized ? {} : trustOnly(presented.pem);
    const info = (await getJsonPinned(`${httpsUrl}/api/info`, tls)) as {
      name?: unknown;
      serverId?: unknown;
    };
    const name = typeof info.name === 'string' ? info.name : undefined;
    const serverId = typeof info.serverId === 'string' ? info.serverId : undefined;
    return { url: httpsUrl, tls: true, fingerprint, authorized, name, serverId };
  } catch (error) {
    return { url: httpsUrl, tls: true, fingerprint, authorized, error: String(error) };
  }
}

export function setupPinning(settings: SettingsStore, own: OwnContents): void {
  session.defaultSession.setCertificateVerifyProc(
    certificateVerifyProc(() => settings.get().servers),
  );
  handle('servers:inspect', own, (url) => inspectServer(url, settings.get().servers));
}
