import { inviteCreatePayload, inviteRevokePayload } from '../admin/admin-schemas.js';
import { issueInviteCode, listInviteCodes, revokeInviteCode } from '../admin/invite-codes.js';
import { emptyPayload } from '../schemas.js';
import { acked, type AckedTable } from './dispatch.js';

/** `admin:invites`, `admin:invite-create`, `admin:invite-revoke`: server invite codes. */
export const adminInviteEvents: Partial<AckedTable> = {
  'admin:invites': acked(emptyPayload, async (_input, socket, { store }) => ({
    invites: await listInviteCodes(store, socket.data.user.id),
  })),
  'admin:invite-create': acked(inviteCreatePayload, (request, socket, { store, options }) =>
    issueInviteCode(store, socket.data.user.id, {
      maxUses: request.maxUses,
      lifetimeMs:
        request.expiresInHours === undefined
          ? options.inviteTtlSec * 1000
          : request.expiresInHours * 3600_000,
    }),
  ),
  'admin:invite-revoke': acked(inviteRevokePayload, async ({ id }, socket, { store }) => ({
    invite: await revokeInviteCode(store, socket.data.user.id, id),
  })),
};
