import { Router, type Request } from 'express';
import { banBody, unbanBody } from '../admin/admin-schemas.js';
import type { Accounts, Identity } from '../auth/accounts.js';
import { ChatError } from '../errors.js';
import { ErrorCode, PROTOCOL_VERSION, type ServerInfo, type ServerLimits } from '../protocol.js';
import { parse } from '../schemas.js';
import { SERVER_VERSION } from '../version.js';

/** The bearer token of a request, or undefined. Tokens never travel in URLs. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([^\s]+)$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Who sent a request, by its bearer token: `credentials_required` without one, and otherwise as
 * `Accounts.authenticate` finds it (expired, revoked or banned is refused). The one check of a
 * bearer token on HTTP routes.
 */
export function identify(accounts: Accounts, req: Request): Promise<Identity> {
  const token = bearerToken(req.get('authorization'));
  if (!token)
    throw new ChatError(ErrorCode.credentialsRequired, 'Send Authorization: Bearer <token>.');
  return accounts.authenticate(token);
}

/**
 * The JSON API under /api: accounts, tokens and owner actions. `info(exempt)` describes the
 * server to a request that may (or may not) skip the setup code; `exempt` says which may.
 * Per-address limits count a request under `ip(req)`, its client's key (ProxyTrust.clientKey:
 * IPv6 by its /64, the client behind a trusted proxy).
 */
export function apiRoutes(
  accounts: Accounts,
  info: (exempt: boolean) => Promise<ServerInfo>,
  exempt: (req: Request) => boolean,
  ip: (req: Request) => string,
): Router {
  const router = Router();

  router.get('/info', async (req, res) => {
    res.json(await info(exempt(req)));
  });
  router.post('/register', async (req, res) => {
    const from = { ip: ip(req), skipsSetupCode: exempt(req) };
    res.status(201).json(await accounts.register(req.body, from, req.get('user-agent')));
  });
  router.post('/login', async (req, res) => {
    res.json(await accounts.login(req.body, ip(req), req.get('user-agent')));
  });
  router.post('/refresh', async (req, res) => {
    res.json(await accounts.refresh(req.body, ip(req)));
  });
  router.post('/logout', async (req, res) => {
    await accounts.logout(await identify(accounts, req));
    res.status(204).end();
  });
  router.post('/invites', async (req, res) => {
    res.status(201).json(await accounts.createInvite(await identify(accounts, req)));
  });
  router.post('/admin/ban', async (req, res) => {
    const identity = await identify(accounts, req);
    const { username, reason } = parse(banBody, req.body);
    res.json({ user: await accounts.setBanned(identity, username, true, reason) });
  });
  router.post('/admin/unban', async (req, res) => {
    const identity = await identify(accounts, req);
    res.json({
      user: await accounts.setBanned(identity, parse(unbanBody, req.body).username, false),
    });
  });
  router.use((req) => {
    throw new ChatError(ErrorCode.notFound, `No route ${req.method} ${req.baseUrl}${req.path}.`);
  });
  return router;
}

/** The public description of a server, for `GET /api/info`. */
export function serverInfo(
  name: string,
  serverId: string,
  registration: ServerInfo['registration'],
  setup: { needed: boolean; codeRequired: boolean },
  limits: ServerLimits,
): ServerInfo {
  return {
    name,
    serverId,
    version: SERVER_VERSION,
    protocol: PROTOCOL_VERSION,
    registration,
    setupNeeded: setup.needed,
    setupCodeRequired: setup.needed && setup.codeRequired,
    limits,
  };
}
