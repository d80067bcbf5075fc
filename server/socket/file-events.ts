import * as z from 'zod';
import { ChatError } from '../errors.js';
import { FILE_ID } from '../files/file-urls.js';
import { ErrorCode, type FileUrls } from '../protocol.js';
import type { MentionNames, MessageRefusal } from '../storage/store.js';
import { acked } from './dispatch.js';

const fileUrlsPayload = z.object({
  fileIds: z.array(z.string().regex(FILE_ID, 'must be file ids')).min(1).max(50),
});

/** What a send of files alone stores as its text: nothing, mentioning nobody. */
export const WITHOUT_TEXT: { text: string; mentions: MentionNames } = {
  text: '',
  mentions: { names: [], room: false },
};

/** What the sender is told when the store refused a send's `fileIds`. */
export function fileRefusal(refused: Exclude<MessageRefusal, 'no_such_message'>): ChatError {
  switch (refused) {
    case 'file_unavailable':
      return new ChatError(
        ErrorCode.notFound,
        'fileIds: no upload of yours has one of these ids (unsent uploads are removed after 24 hours).',
      );
    case 'file_attached':
      return new ChatError(
        ErrorCode.invalidPayload,
        'fileIds: a file was sent with another message already; upload it again to send it again.',
      );
    case 'reactions_full':
      throw new Error('a send cannot fill reactions');
  }
}

/**
 * file:urls: signed URLs, valid a few minutes, for the files of `fileIds` that the user may read
 * now (a member of a room where a live message carries the file). The others are left out,
 * whatever the reason, so that nobody learns which ids exist.
 */
export const fileEvents = {
  'file:urls': acked<'file:urls', typeof fileUrlsPayload>(
    fileUrlsPayload,
    async ({ fileIds }, socket, { store, fileUrls }) => {
      const userId = socket.data.user.id;
      const asked = [...new Set(fileIds)];
      const readable = new Map(
        (await store.readableFiles(userId, asked)).map((file) => [file.id, file]),
      );
      const now = Date.now();
      const urls: FileUrls[] = [];
      for (const id of asked) {
        const file = readable.get(id);
        if (file) urls.push(fileUrls.urls(id, userId, file.thumbSha256 !== undefined, now));
      }
      return { urls };
    },
  ),
};
