import type { ServerLimits } from '../../../server/protocol';
import { FileUrlCache, type AskUrls } from './file-urls';
import type { UploadTarget } from './upload-request';
import { UploadQueue } from './uploads';

/** Where a composer writes: a room, or a thread of it. */
export interface Place {
  roomId: number;
  threadId?: number;
}

/**
 * The files side of one signed-in client: its signed-URL cache, and one upload list per place
 * (room or thread) that outlives the composer, so that switching rooms while a file uploads
 * neither stops it nor loses it, as the draft text is kept too.
 */
export class ClientFiles {
  readonly urls: FileUrlCache;
  private readonly queues = new Map<string, UploadQueue>();

  constructor(
    readonly target: UploadTarget,
    ask: AskUrls,
  ) {
    this.urls = new FileUrlCache(ask);
  }

  get serverUrl(): string {
    return this.target.serverUrl;
  }

  /** The upload list of a place, created on first use with the server's limits. */
  queue(place: Place, limits: Pick<ServerLimits, 'maxFileBytes' | 'maxAttachments'>): UploadQueue {
    const key = `${place.roomId}:${place.threadId ?? ''}`;
    let queue = this.queues.get(key);
    if (!queue) {
      queue = new UploadQueue(this.target, limits);
      this.queues.set(key, queue);
    }
    return queue;
  }
}
