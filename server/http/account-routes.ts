import { Router, type Request } from 'express';
import type { AccountSecurity } from '../auth/account-security.js';
import type { Accounts, Identity } from '../auth/accounts.js';
import type { Caller } from '../auth/security-deps.js';
import { ChatError } from '../errors.js';
import { ErrorCode } from '../protocol.js';
import { addressKey } from './address-key.js';
import { bearerToken } from './api-routes.js';

/**
 * "Your account" under /api (see protocol.ts, "HTTP: your account"): sessions, password change
 * and reset, account deletion, ownership transfer. Mounted before api-routes.ts's router, whose
 * last handler answers `not_found` for everything else.
 */
export function accountRoutes(accounts: Accounts, security: AccountSecurity): Router {
  const router = Router();
  const identify = (req: Request): Promise<Identity> => {
    const token = bearerToken(req.get('authorization'));
    if (!token)
      throw new ChatError(ErrorCode.credentialsRequired, 'Send Authorization: Bearer <token>.');
    return accounts.authenticate(token);
  };
  // The same address key as api-routes.ts's per-address limits (IPv6 by its /64).
  const caller = (req: Request): Caller => ({
    ip: addressKey(req.ip ?? req.socket.remoteAddress),
    userAgent: req.get('user-agent'),
  });

  router.get('/sessions', async (req, res) => {
    res.json(await security.sessions(await identify(req)));
  });
  router.post('/sessions/revoke-others', async (req, res) => {
    res.json(await security.revokeOthers(await identify(req)));
  });
  router.delete('/sessions/:id', async (req, res) => {
    await security.revokeSession(await identify(req), req.params.id);
    res.status(204).end();
  });
  router.post('/password', async (req, res) => {
    await security.changePassword(await identify(req), req.body, caller(req));
    res.status(204).end();
  });
  router.post('/password/reset', async (req, res) => {
    res.json(await security.redeemReset(req.body, caller(req)));
  });
  router.post('/account/delete', async (req, res) => {
    await security.deleteAccount(await identify(req), req.body, caller(req));
    res.status(204).end();
  });
  router.post('/admin/transfer', async (req, res) => {
    res.json(await security.transferOwnership(await identify(req), req.body, caller(req)));
  });
  return router;
}
