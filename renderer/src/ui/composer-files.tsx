import { useMemo, useRef, type ClipboardEvent, type ReactNode } from 'react';
import type { ServerLimits } from '../../../server/protocol';
import type { ChatClient } from '../lib/chat-client';
import type { Place } from '../lib/client-files';
import type { UploadQueue } from '../lib/uploads';
import { UploadList } from './upload-list';
import { filesOf, useUploads } from './use-files';
import './files.css';

/** Limits of servers that predate them in ServerInfo: the protocol's defaults. */
export const DEFAULT_FILE_LIMITS = { maxFileBytes: 25 * 1024 * 1024, maxAttachments: 10 };

/** The files part of a composer: its upload list, the paperclip, and paste. */
export interface ComposerFiles {
  queue: UploadQueue;
  /** Any file in the list (a message may then have no text). */
  hasFiles: boolean;
  /** Every file uploaded: Send may go. While one uploads or failed, Send waits (disabled). */
  ready: boolean;
  /** The paperclip button, with its hidden file input. */
  button: ReactNode;
  /** The list of uploads, for under the text box, and why Send waits (while it does). */
  list: ReactNode;
  /** The id of the line saying why Send waits, while it does: for Send's aria-describedby. */
  waitId?: string;
  /** For the text box: files and images pasted from the clipboard are attached. */
  onPaste: (event: ClipboardEvent) => void;
}

/** The upload list of a composer's place (kept across room switches), and its controls. */
export function useComposerFiles(props: {
  client: ChatClient;
  place: Place;
  limits?: Pick<ServerLimits, 'maxFileBytes' | 'maxAttachments'>;
  /** The text box's id, that the ids of these parts start with. */
  idPrefix: string;
}): ComposerFiles {
  const { client, place, idPrefix } = props;
  const limits = props.limits ?? DEFAULT_FILE_LIMITS;
  const queue = useMemo(() => filesOf(client).queue(place, limits), [client, place, limits]);
  const view = useUploads(queue);
  const input = useRef<HTMLInputElement>(null);
  const button = (
    <>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        aria-label="Files to attach"
        onChange={(event) => {
          queue.add([...(event.target.files ?? [])]);
          // The same file may be picked again after it was removed.
          event.target.value = '';
        }}
      />
      <button
        type="button"
        className="icon-button attach-button"
        aria-label="Attach files"
        title={`Attach files (up to ${limits.maxAttachments})`}
        onClick={() => input.current?.click()}
      >
        <PaperclipIcon />
      </button>
    </>
  );
  const ready = view.items.every((i) => i.status === 'done');
  const waitId = `${idPrefix}-wait`;
  return {
    queue,
    hasFiles: view.items.length > 0,
    ready,
    button,
    list: (
      <>
        <UploadList queue={queue} id={`${idPrefix}-files`} />
        {!ready && (
          <p id={waitId} className="composer-wait small">
            Send is available once every file has uploaded.
          </p>
        )}
      </>
    ),
    waitId: ready ? undefined : waitId,
    onPaste: (event) => {
      const files = [...event.clipboardData.files];
      if (files.length === 0) return; // text pastes as text
      event.preventDefault();
      queue.add(files);
    },
  };
}

function PaperclipIcon() {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        d="M16.5 6.5 8.9 14.1a2 2 0 0 0 2.8 2.8l7.6-7.6a4 4 0 0 0-5.7-5.7l-7.8 7.8a6 6 0 0 0 8.5 8.5l6.4-6.4"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
