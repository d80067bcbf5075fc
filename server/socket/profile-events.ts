import { ChatError } from '../errors.js';
import { announceProfile } from '../people/announce.js';
import { spendProfileChange } from '../people/profile-limits.js';
import { profileUpdatePayload, usersGetPayload } from '../people/profile-schemas.js';
import { ErrorCode } from '../protocol.js';
import { acked, type AckedTable } from './dispatch.js';

/**
 * `users:get` and `profile:update`. Any signed-in user may read any profile (a team server, as
 * a Slack workspace): names are shown beside every message anyway. A change is announced to
 * every socket (`user:updated`) and limited per user and server-wide (see profile-limits.ts).
 */
export const profileEvents: Partial<AckedTable> = {
  'users:get': acked(usersGetPayload, async ({ userIds }, _socket, { store }) => ({
    users: await store.profiles(userIds),
  })),
  'profile:update': acked(profileUpdatePayload, async (change, socket, { io, store }) => {
    const userId = socket.data.user.id;
    await spendProfileChange(io, userId);
    const [before] = await store.profiles([userId]);
    const user = await store.updateProfile(userId, change);
    if (!user) throw new ChatError(ErrorCode.notFound, 'This account no longer exists.');
    // Nothing changed: nobody needs telling.
    if (!before || JSON.stringify(before) !== JSON.stringify(user)) announceProfile(io, user);
    return { user };
  }),
};
