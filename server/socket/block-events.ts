import { ChatError } from '../errors.js';
import { ErrorCode } from '../protocol.js';
import { emptyPayload, usernamePayload } from '../schemas.js';
import { acked } from './dispatch.js';
import { me } from './room-access.js';
import { userChannel } from './room-channels.js';

/** How many people one user may block: enough for anyone, and `blocks:list` stays small. */
export const MAX_BLOCKS = 1000;

const noSuchUser = () => new ChatError(ErrorCode.notFound, 'No user by that name.');

/**
 * user:block, user:unblock and blocks:list. A blocked person cannot open a direct conversation
 * with the blocker or write in one they have (`forbidden`, without saying why), and their
 * invitations to the blocker are dropped unseen (their `room:invite` still answers ok).
 */
export const blockEvents = {
  'user:block': acked<'user:block', typeof usernamePayload>(
    usernamePayload,
    async ({ username }, socket, { io, store }) => {
      const other = await store.findUserByUsername(username);
      if (!other) throw noSuchUser();
      if (other.id === me(socket).id)
        throw new ChatError(ErrorCode.invalidPayload, 'You cannot block yourself.');
      const withdrawn = await store.block(me(socket).id, other.id, Date.now(), MAX_BLOCKS);
      if (withdrawn === false)
        throw new ChatError(ErrorCode.quotaExceeded, `You can block at most ${MAX_BLOCKS} people.`);
      for (const roomId of withdrawn)
        io.to(userChannel(me(socket).id)).emit('invite:removed', { roomId });
      return {};
    },
  ),

  'user:unblock': acked<'user:unblock', typeof usernamePayload>(
    usernamePayload,
    async ({ username }, socket, { store }) => {
      const other = await store.findUserByUsername(username);
      if (!other) throw noSuchUser();
      await store.unblock(me(socket).id, other.id);
      return {};
    },
  ),

  'blocks:list': acked<'blocks:list', typeof emptyPayload>(
    emptyPayload,
    async (_input, socket, { store }) => ({ users: await store.blockedUsers(me(socket).id) }),
  ),
};
