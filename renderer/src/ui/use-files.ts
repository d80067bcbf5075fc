import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ChatClient } from '../lib/chat-client';
import { ClientFiles } from '../lib/client-files';
import { fetchObjectUrl, type FileVariant } from '../lib/file-blobs';
import { patiently } from '../lib/room-directory';
import { request } from '../lib/socket-request';
import type { UploadQueue, UploadsView } from '../lib/uploads';

const made = new WeakMap<ChatClient, ClientFiles>();

/**
 * The files side of a client, made on first use and kept as long as the client: the ChatClient
 * itself stays free of it (uploads go over HTTP, signed URLs over the client's socket).
 */
export function filesOf(client: ChatClient): ClientFiles {
  let files = made.get(client);
  if (!files) {
    const { session } = client;
    // Rate-limited asks wait their turn instead of showing previews as failed.
    const ask = patiently((event, payload) => request(client.socket, event, payload));
    files = new ClientFiles(
      {
        serverUrl: session.api.serverUrl,
        token: () => session.accessToken,
        expiresIn: () => session.expiresIn,
        refresh: () => session.refresh(),
      },
      async (fileIds) => {
        const answer = await ask('file:urls', { fileIds });
        return answer.ok ? answer.urls : undefined;
      },
    );
    made.set(client, files);
  }
  return files;
}

/** An upload list's current view, re-rendering on each change (progress included). */
export function useUploads(queue: UploadQueue): UploadsView {
  return useSyncExternalStore(queue.subscribe, queue.getView);
}

/** A file fetched for showing: loading, shown from a `blob:` URL, unavailable, or failed. */
export type Shown =
  | { state: 'loading' }
  | { state: 'ready'; src: string }
  | { state: 'unavailable' }
  | { state: 'failed'; retry: () => void };

/**
 * Fetches a file (or its thumbnail) through a signed URL into an object URL while the caller
 * is mounted, and revokes it afterwards: the bytes are held only while they are shown.
 */
export function useObjectUrl(files: ClientFiles, fileId: string, variant: FileVariant): Shown {
  const [shown, setShown] = useState<Shown>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const stop = new AbortController();
    let src: string | null = null;
    setShown({ state: 'loading' });
    fetchObjectUrl(files.urls, files.serverUrl, fileId, variant, stop.signal).then(
      (url) => {
        src = url;
        if (stop.signal.aborted) return url && URL.revokeObjectURL(url);
        setShown(url ? { state: 'ready', src: url } : { state: 'unavailable' });
      },
      () => {
        if (!stop.signal.aborted)
          setShown({ state: 'failed', retry: () => setAttempt((n) => n + 1) });
      },
    );
    return () => {
      stop.abort();
      if (src) URL.revokeObjectURL(src);
    };
  }, [files, fileId, variant, attempt]);
  return shown;
}
