import { useState } from 'react';
import type { Attachment } from '../../../server/protocol';
import type { ClientFiles } from '../lib/client-files';
import { fileKind, fileSize, type FileKind } from '../lib/file-format';
import { DownloadNoteLine } from './download-note';
import { downloadFile, type DownloadNote } from './file-download';

/** What the icon of each kind of file reads (it is a label on a page shape, not an image). */
const ICON_TEXT: Record<FileKind, string> = {
  image: 'IMG',
  pdf: 'PDF',
  text: 'TXT',
  archive: 'ZIP',
  audio: 'AUD',
  video: 'VID',
  other: 'FILE',
};

/**
 * A file that is not shown inline (anything but PNG, JPEG, GIF and WebP, SVG included): an
 * icon by its type, its name and size, and Download. It is never opened in the page.
 */
export function FileCard(props: { files: ClientFiles; attachment: Attachment }) {
  const { files, attachment } = props;
  const [note, setNote] = useState<DownloadNote>();
  const [busy, setBusy] = useState(false);
  const kind = fileKind(attachment.type);
  return (
    <div className="file-card" data-kind={kind}>
      <span className="file-icon" aria-hidden="true">
        {ICON_TEXT[kind]}
      </span>
      <span className="file-facts">
        <span className="file-name">
          <bdi>{attachment.name}</bdi>
        </span>
        <span className="file-size">{fileSize(attachment.size)}</span>
        <DownloadNoteLine note={note} />
      </span>
      <button
        type="button"
        aria-label={`Download ${attachment.name}`}
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void downloadFile(files, attachment).then((outcome) => {
            setBusy(false);
            setNote(outcome);
          });
        }}
      >
        Download
      </button>
    </div>
  );
}
