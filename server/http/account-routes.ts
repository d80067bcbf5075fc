import { Router, type Request } from 'express';
import type { AccountSecurity } from '../auth/account-security.js';
import type { Accounts } from '../auth/accounts.js';
import type { Caller } from '../auth/security-deps.js';
import { identify } from './api-routes.js';

/**
 * "Your account" under /api (see protocol.ts, "HTTP: your account"): sessions, password change
 * and reset, account deletion, ownership transfer. Mounted before api-routes.ts's router, whose
 * last handler answers `not_found` for everything else.
 */
/** @param clientKey the per-address key of a request's client (ProxyTrust.clientKey). */
export function accountRoutes(
  accounts: Accounts,
  security: AccountSecurity,
  clientKey: (req: Request) => string,
): Router {
  const router = Router();
  // The same address key as api-routes.ts's per-address limits (IPv6 by its /64).
  const caller = (req: Request): Caller => ({
    ip: clientKey(req),
    userAgent: req.get('user-agent'),
  });

  router.get('/sessions', async (req, res) => {
    res.json(await security.sessions(await identify(accounts, req)));
  });
  router.post('/sessions/revoke-others', async (req, res) => {
    res.json(await security.revokeOthers(await identify(accounts, req)));
  });
  router.delete('/sessions/:id', async (req, res) => {
    await security.revokeSession(await identify(accounts, req), req.params.id);
    res.status(204).end();
  });
  router.post('/password', async (req, res) => {
    await security.changePassword(await identify(accounts, req), req.body, caller(req));
    res.status(204).end();
  });
  router.post('/password/reset', async (req, res) => {
    res.json(await security.redeemReset(req.body, caller(req)));
  });
  router.post('/account/delete', async (req, res) => {
    await security.deleteAccount(await identify(accounts, req), req.body, caller(req));
    res.status(204).end();
  });
  router.post('/admin/transfer', async (req, res) => {
    res.json(
      await security.transferOwnership(await identify(accounts, req), req.body, caller(req)),
    );
  });
  return router;
}
