import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { X509Certificate } from 'node:crypto';
import { connect, type ConnectionOptions } from 'node:tls';
import { fingerprintFromColons } from '../../server/shared/fingerprint';

/** The certificate a TLS server presents, read without sending a single byte of application data. */
export interface PresentedCertificate {
  pem: string;
  /** SHA-256 of its DER, 64 lowercase hex digits. */
  fingerprint: string;
  /** True when the system's CAs vouch for it (then no pin is needed). */
  authorized: boolean;
}

/** A certificate's SHA-256 as pins store it: 64 lowercase hex digits. */
export function fingerprintOf(cert: X509Certificate): string {
  return fingerprintFromColons(cert.fingerprint256);
}

/** The server refused to show the pinned certificate: someone may be intercepting. */
export class CertificateMismatch extends Error {
  constructor(
    readonly expected: string,
    readonly presented: string,
  ) {
    super('The server presented a different certificate than the one pinned for it.');
    this.name = 'CertificateMismatch';
  }
}

/**
 * Completes a TLS handshake with `origin` and hangs up: resolves with the certificate, or null
 * when nothing there speaks TLS (a plain-http server, or nobody at all).
 */
export function probeCertificate(
  origin: string,
  timeoutMs = 5000,
): Promise<PresentedCertificate | null> {
  const url = new URL(origin);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({
      host,
      port: Number(url.port || 443),
      servername: isIP(host) ? undefined : host,
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    const done = (result: PresentedCertificate | null) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('secureConnect', () => {
      const cert = socket.getPeerX509Certificate();
      if (!cert) return done(null);
      done({
        pem: cert.toString(),
        fingerprint: fingerprintOf(cert),
        authorized: socket.authorized,
      });
    });
    socket.once('error', () => done(null));
    socket.once('timeout', () => done(null));
  });
}

/**
 * TLS options that trust exactly one certificate: the pinned one, as its own CA. A server that
 * swaps certificates after the probe fails the handshake, before any request is written. The
 * host-name check is skipped on purpose: the pin, not the name, is what is trusted (a LAN
 * server's certificate cannot know every address it is reached by).
 */
export async function pinnedTlsOptions(
  origin: string,
  fingerprint: string,
): Promise<ConnectionOptions> {
  const presented = await probeCertificate(origin);
  if (!presented) throw new Error(`${origin} does not answer over TLS.`);
  if (presented.fingerprint !== fingerprint)
    throw new CertificateMismatch(fingerprint, presented.fingerprint);
  return trustOnly(presented.pem);
}

/** TLS options that accept this one certificate and nothing else (see pinnedTlsOptions). */
export function trustOnly(pem: string): ConnectionOptions {
  return { ca: pem, rejectUnauthorized: true, checkServerIdentity: () => undefined };
}

/** A GET over a pinned connection, answering the parsed JSON body. */
export function getJsonPinned(url: string, tls: ConnectionOptions): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ...tls, method: 'GET', agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch {
          reject(new Error(`${url} did not answer with JSON (HTTP ${res.statusCode}).`));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${url} did not answer in time.`)));
    req.on('error', reject).end();
  });
}
