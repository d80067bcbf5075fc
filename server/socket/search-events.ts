import * as z from 'zod';
import { requireAllowed } from '../auth/rate-limit.js';
import { ChatError } from '../errors.js';
import { ErrorCode, type SearchHit } from '../protocol.js';
import { nextPosition } from '../search/paging.js';
import { parseQuery } from '../search/query.js';
import { acked } from './dispatch.js';

const searchPayload = z.object({
  query: z.string().min(1).max(500),
  cursor: z.string().min(1).max(200).optional(),
  limit: z.int().min(1).max(50).optional(),
});

/** The most text one page of hits carries (as history pages): past it the page ends early. */
const PAGE_CHARS = 128 * 1024;
/** Keeps the first hits of a page under {@link PAGE_CHARS} (at least one). */
function capHits(hits: SearchHit[]): SearchHit[] {
  let chars = 0;
  const size = ({ message: m }: SearchHit) =>
    m.text.length +
    300 +
    JSON.stringify(m.reactions ?? []).length +
    200 * (m.attachments?.length ?? 0);
  const over = hits.findIndex((hit) => (chars += size(hit)) > PAGE_CHARS);
  return over < 1 ? hits : hits.slice(0, over);
}

/**
 * search: full-text search over what the user may read (see SearchStore). The query is parsed
 * here, never refused for its syntax; the cursor carries the batch and the offset in it, and
 * the first page's time, so that pages hold still while messages arrive, signed for the user
 * and the query (search/cursor.ts): it steers the store's scan. A cursor of another query or
 * user, or tampered with, is `invalid_payload`. A page may be short, or even empty with a
 * cursor (a batch that ran out of time before finding anything, or a page that could not read
 * its batch in time and gives its own position back): ask on.
 */
export const searchEvents = {
  search: acked<'search', typeof searchPayload>(
    searchPayload,
    async ({ query, cursor, limit }, socket, context) => {
      const userId = socket.data.user.id;
      // `searchRate`, apart from the budget every event spends: a search reads far more than any
      // other event.
      requireAllowed(await context.limiters.search.spend(userId), 'Too many searches: slow down.');
      const parsed = parseQuery(query);
      const key = JSON.stringify(parsed);
      const cursors = context.searchCursors;
      const position = cursor === undefined ? undefined : cursors.decode(userId, key, cursor);
      if (cursor !== undefined && !position)
        throw new ChatError(ErrorCode.invalidPayload, 'cursor: not a cursor of this search');
      const offset = position?.offset ?? 0;
      const now = position?.now ?? Date.now();
      const result = await context.store.searchMessages({
        userId,
        query: parsed,
        offset,
        limit: limit ?? 20,
        batch: position && { maxId: position.maxId, minId: position.minId || undefined },
        now,
      });
      const hits = capHits(result.hits);
      const next =
        result.unfinished && position
          ? position
          : nextPosition({ offset, now }, hits.length, result);
      return {
        hits,
        nextCursor: next ? cursors.encode(userId, key, next) : null,
        unknownFilters: result.unknownFilters,
      };
    },
  ),
};
