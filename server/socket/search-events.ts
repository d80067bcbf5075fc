import { z } from 'zod';
import { ChatError } from '../errors.js';
import { ErrorCode } from '../protocol.js';
import { acked } from './dispatch.js';

const searchPayload = z.object({ query: z.string().min(1).max(500) });

/** search: full-text search over what the user may read. (Placeholder until search lands.) */
export const searchEvents = {
  search: acked<'search', typeof searchPayload>(searchPayload, async () => {
    throw new ChatError(ErrorCode.notFound, 'Search is not available yet.');
  }),
};
