import {
  adminUsersPayload,
  banPayload,
  rolePayload,
  userIdPayload,
} from '../admin/admin-schemas.js';
import { changeBan } from '../admin/moderation.js';
import { requireAdmin } from '../admin/require-role.js';
import { changeRole } from '../admin/role-change.js';
import type { AdminUser } from '../protocol.js';
import { acked, type AckedTable } from './dispatch.js';
import type { ServerContext } from './types.js';

/**
 * Online and last seen, filled in from the open sockets (on every node: user-sockets.ts) and
 * the unflushed last-seen times.
 */
async function live(
  users: AdminUser[],
  { userSockets, lastSeen }: ServerContext,
): Promise<AdminUser[]> {
  const online = await userSockets.online(users.map((user) => user.id));
  return users.map((user) => ({
    ...user,
    online: online.has(user.id),
    lastSeenAt: lastSeen.merged(user.id, user.lastSeenAt),
  }));
}

/** `admin:users`, `admin:ban`, `admin:unban` (admins and the owner) and `admin:role` (owner). */
export const adminUserEvents: Partial<AckedTable> = {
  'admin:users': acked(adminUsersPayload, async (query, socket, context) => {
    await requireAdmin(context.store, socket.data.user.id);
    const page = await context.store.adminUsers({ ...query, query: query.query || undefined });
    return { users: await live(page.users, context), nextCursor: page.nextCursor };
  }),
  'admin:ban': acked(banPayload, async ({ userId, reason }, socket, context) => {
    const user = await changeBan(context.store, context.live, socket.data.user.id, userId, {
      banned: true,
      reason,
    });
    return { user: (await live([user], context))[0] ?? user };
  }),
  'admin:unban': acked(userIdPayload, async ({ userId }, socket, context) => {
    const user = await changeBan(context.store, context.live, socket.data.user.id, userId, {
      banned: false,
      reason: '',
    });
    return { user: (await live([user], context))[0] ?? user };
  }),
  'admin:role': acked(rolePayload, async ({ userId, role }, socket, context) => {
    const user = await changeRole(context.store, context.io, socket.data.user.id, userId, role);
    return { user: (await live([user], context))[0] ?? user };
  }),
};
