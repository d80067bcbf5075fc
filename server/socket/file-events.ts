import { z } from 'zod';
import { ChatError } from '../errors.js';
import { ErrorCode } from '../protocol.js';
import { acked } from './dispatch.js';

const fileUrlsPayload = z.object({ fileIds: z.array(z.string()).min(1).max(50) });

/** file:urls: signed download URLs for files the user may read. (Placeholder until files land.) */
export const fileEvents = {
  'file:urls': acked<'file:urls', typeof fileUrlsPayload>(fileUrlsPayload, async () => {
    throw new ChatError(ErrorCode.notFound, 'Files are not available yet.');
  }),
};
