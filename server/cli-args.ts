import { networkInterfaces } from 'node:os';
import { parseArgs } from 'node:util';
import { REGISTRATION_POLICIES, type RegistrationPolicy } from './protocol.js';
import type { ChatServerOptions } from './options.js';
import { DESKTOP_ORIGIN } from './http/origin-policy.js';

export const USAGE = `Usage: npm run server -- [--port 4000] [--host 127.0.0.1] [--data ./data]
       [--name "Office"] [--registration open|invite|closed] [--web dist/renderer]
       [--allow-origin https://site] [--allow-host chat.example.org] (both repeatable)
Env: PARLEY_JWT_SECRET  use this secret (>= 32 bytes) instead of <data>/jwt-secret`;

/** Turns CLI arguments and the environment into server options plus where to listen. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string', default: '4000' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string', default: './data' },
      name: { type: 'string' },
      registration: { type: 'string', default: 'open' },
      web: { type: 'string', default: 'dist/renderer' },
      'allow-origin': { type: 'string', multiple: true },
      'allow-host': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port: not a port: ${values.port}`);
  if (!REGISTRATION_POLICIES.includes(values.registration as RegistrationPolicy)) {
    throw new Error(`--registration: must be one of ${REGISTRATION_POLICIES.join(', ')}`);
  }
  const options: ChatServerOptions = {
    dataDir: values.data,
    name: values.name,
    registration: values.registration as RegistrationPolicy,
    webRoot: values.web,
    jwtSecret: env.PARLEY_JWT_SECRET || undefined,
    trustedOrigins: values['allow-origin'] && [DESKTOP_ORIGIN, ...values['allow-origin']],
    allowedHosts: values['allow-host'],
  };
  return { options, port, host: values.host, help: values.help };
}

/** Every URL a person can open: all IPv4 addresses for a wildcard host, else the host itself. */
export function reachableUrls(host: string, port: number): string[] {
  const wildcard = host === '0.0.0.0' || host === '::';
  if (!wildcard) return [`http://${host.includes(':') ? `[${host}]` : host}:${port}/`];
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && a.family === 'IPv4')
    .sort((a, b) => Number(a?.internal) - Number(b?.internal))
    .map((a) => `http://${a?.address}:${port}/`);
  return addresses.length > 0 ? addresses : [`http://localhost:${port}/`];
}
