import { networkInterfaces } from 'node:os';
import { parseArgs } from 'node:util';
import { REGISTRATION_POLICIES, type RegistrationPolicy } from './protocol.js';
import type { ChatServerOptions } from './options.js';
import { DESKTOP_ORIGIN } from './http/origin-policy.js';
import { logLevel } from './ops/log-pino.js';
import { readSharedSecret } from './auth/secret.js';

export const USAGE = `Usage: npm run server -- [--port 4000] [--host 127.0.0.1] [--data ./data]
       [--name "Office"] [--registration open|invite|closed] [--web dist/renderer]
       [--tls | --no-tls] [--tls-cert cert.pem --tls-key key.pem] [--advertise | --no-advertise]
       [--allow-origin https://site] [--allow-host chat.example.org] (both repeatable)
       [--require-setup-code] [--max-file-mb 25] [--trust-proxy 10.0.0.2] (repeatable)
       [--log-level trace|debug|info|warn|error|fatal|silent] (JSON lines on stdout; default info)
       [--metrics-port 9464 [--metrics-host 127.0.0.1]] (Prometheus GET /metrics; default off)
       [--database postgres://… [--redis redis://…] --jwt-secret-file FILE] (one of many nodes)
       npm run server -- backup --data ./data --out FILE_OR_FOLDER   (works while the server runs)
       npm run server -- restore --from FILE --data ./new-data-dir    (an empty or new dir only)
TLS and mDNS advertising are on by default when --host is not loopback (hosting for the LAN).
A server without an owner prints a one-time setup code: creating the owner account needs it,
except from this machine while the server listens on loopback only. --require-setup-code asks
for it from this machine too (use it behind a reverse proxy on the same machine).
--trust-proxy names a reverse proxy or load balancer (its address, or loopback) whose
X-Forwarded-For and X-Forwarded-Proto are believed; without it they are ignored.
--database keeps the data in PostgreSQL instead of SQLite; --redis joins the nodes that share it.
Either needs the JWT secret every node shares, the same text in --jwt-secret-file (mode 0600)
or PARLEY_JWT_SECRET (>= 32 bytes; make one: openssl rand -base64 32).
Env: PARLEY_JWT_SECRET  use this secret (>= 32 bytes) instead of <data>/jwt-secret
     PARLEY_DATABASE_URL, PARLEY_REDIS_URL  as --database and --redis (kept out of ps)`;

const MIB = 1024 * 1024;

/** TLS as asked on the command line: off, a given certificate, or the self-signed one. */
export type TlsChoice =
  { mode: 'off' } | { mode: 'self-signed' } | { mode: 'files'; cert: string; key: string };

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Turns CLI arguments and the environment into server options plus where to listen. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowNegative: true,
    options: {
      port: { type: 'string', default: '4000' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string', default: './data' },
      name: { type: 'string' },
      registration: { type: 'string', default: 'open' },
      web: { type: 'string', default: 'dist/renderer' },
      tls: { type: 'boolean' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      advertise: { type: 'boolean' },
      'allow-origin': { type: 'string', multiple: true },
      'allow-host': { type: 'string', multiple: true },
      'trust-proxy': { type: 'string', multiple: true },
      'require-setup-code': { type: 'boolean', default: false },
      'max-file-mb': { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
      'metrics-port': { type: 'string' },
      'metrics-host': { type: 'string' },
      database: { type: 'string' },
      redis: { type: 'string' },
      'jwt-secret-file': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port: not a port: ${values.port}`);
  if (!REGISTRATION_POLICIES.includes(values.registration as RegistrationPolicy)) {
    throw new Error(`--registration: must be one of ${REGISTRATION_POLICIES.join(', ')}`);
  }
  const maxFileMb = values['max-file-mb'];
  const maxFileBytes = maxFileMb === undefined ? undefined : Math.round(Number(maxFileMb) * MIB);
  if (maxFileBytes !== undefined && !(maxFileBytes >= 1 && maxFileBytes <= 2 ** 31))
    throw new Error(`--max-file-mb: a size in MiB above 0, at most 2048: ${maxFileMb}`);
  const options: ChatServerOptions = {
    dataDir: values.data,
    name: values.name,
    registration: values.registration as RegistrationPolicy,
    webRoot: values.web,
    jwtSecret: jwtSecret(values['jwt-secret-file'], env.PARLEY_JWT_SECRET),
    database: values.database ?? (env.PARLEY_DATABASE_URL || undefined),
    redis: values.redis ?? (env.PARLEY_REDIS_URL || undefined),
    trustedOrigins: values['allow-origin'] && [DESKTOP_ORIGIN, ...values['allow-origin']],
    allowedHosts: values['allow-host'],
    trustProxy: values['trust-proxy'],
    requireSetupCodeOnLoopback: values['require-setup-code'],
    maxFileBytes,
    metrics: metricsListener(values['metrics-port'], values['metrics-host']),
  };
  const lan = !isLoopback(values.host);
  return {
    options,
    port,
    host: values.host,
    help: values.help,
    logLevel: logLevel(values['log-level']),
    tls: tlsChoice(values.tls ?? lan, values['tls-cert'], values['tls-key']),
    advertise: values.advertise ?? lan,
  };
}

/** The secret from `--jwt-secret-file` or the environment (not both: which would win?). */
function jwtSecret(file: string | undefined, env: string | undefined): string | undefined {
  if (file === undefined) return env || undefined;
  if (env) throw new Error('--jwt-secret-file and PARLEY_JWT_SECRET: give one of them');
  return readSharedSecret(file);
}

/** `--metrics-port` and `--metrics-host` as the `metrics` option; off without a port. */
function metricsListener(port?: string, host?: string): ChatServerOptions['metrics'] {
  if (port === undefined) {
    if (host !== undefined) throw new Error('--metrics-host needs --metrics-port');
    return undefined;
  }
  const number = Number(port);
  if (!/^\d+$/.test(port) || number > 65535) throw new Error(`--metrics-port: not a port: ${port}`);
  return { port: number, host: host ?? '127.0.0.1' };
}

function tlsChoice(enabled: boolean, cert?: string, key?: string): TlsChoice {
  if ((cert === undefined) !== (key === undefined))
    throw new Error('--tls-cert and --tls-key go together');
  if (cert !== undefined && key !== undefined) {
    if (!enabled) throw new Error('--no-tls cannot be combined with --tls-cert/--tls-key');
    return { mode: 'files', cert, key };
  }
  return enabled ? { mode: 'self-signed' } : { mode: 'off' };
}

/** Every URL a person can open: all IPv4 addresses for a wildcard host, else the host itself. */
export function reachableUrls(host: string, port: number, secure = false): string[] {
  const scheme = secure ? 'https' : 'http';
  const wildcard = host === '0.0.0.0' || host === '::';
  if (!wildcard) return [`${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}/`];
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && a.family === 'IPv4')
    .sort((a, b) => Number(a?.internal) - Number(b?.internal))
    .map((a) => `${scheme}://${a?.address}:${port}/`);
  return addresses.length > 0 ? addresses : [`${scheme}://localhost:${port}/`];
}

/**
 * What the console says while the server has no owner: the code, where it is kept, and when it
 * may be skipped (`localSkip`: loopback-only, without --require-setup-code).
 */
export function setupCodeNotice(code: string, file: string, localSkip: boolean): string {
  const skip = localSkip
    ? '\nThis machine may create the owner without it while the server listens on loopback only.'
    : '';
  return `Setup code for the owner account (needed until the owner exists; kept in ${file}):\n  ${code}${skip}`;
}
