import type { MembersPage, UserRef } from '../protocol.js';
import { roomMembersPayload } from '../schemas.js';
import { acked } from './dispatch.js';
import { me, requireMember } from './room-access.js';

/** `room:members` answers this many people when the client names no limit. */
const DEFAULT_LIMIT = 100;

/**
 * `room:members`: who is in a room, online ones first, for its members panel. Who is online
 * comes from the room's channel (the same source as `presence`); the rest from the store.
 *
 * The paging scheme (also in protocol.ts, `MembersRequest`): the first page holds the people
 * online now (by id, at most `limit`), then the others by id; its cursor is the id of the last
 * of those others (0 when there were none). Later pages list everyone by id after the cursor,
 * online or not. So every member is on some page, however presence changes between pages; the
 * price is that someone online may show twice, which a client absorbs by merging pages by id.
 */
export const memberEvents = {
  'room:members': acked<'room:members', typeof roomMembersPayload>(
    roomMembersPayload,
    async ({ roomId, after, limit = DEFAULT_LIMIT }, socket, { store, presence }) => {
      await requireMember(store, roomId, me(socket).id);
      const onlineNow = await presence.onlineEverywhere(roomId);
      const isOnline = new Set(onlineNow.map((user) => user.id));
      const mark = (user: UserRef) => ({ ...user, online: isOnline.has(user.id) });
      if (after !== undefined) {
        const page = await store.roomMembers(roomId, { after, limit });
        return answer(page.members.map(mark), page.members, page.more, page.total);
      }
      const online = onlineNow.sort((a, b) => a.id - b.id).slice(0, limit);
      const rest = await store.roomMembers(roomId, {
        after: 0,
        limit: limit - online.length,
        skip: online.map((user) => user.id),
      });
      return answer([...online, ...rest.members].map(mark), rest.members, rest.more, rest.total);
    },
  ),
};

/** A page whose cursor is the last of `byId`, the part of the page that walks members by id. */
function answer(
  members: MembersPage['members'],
  byId: UserRef[],
  more: boolean,
  total: number,
): MembersPage {
  return { members, nextCursor: more ? (byId.at(-1)?.id ?? 0) : null, total };
}
