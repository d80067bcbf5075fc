import { useState } from 'react';
import type { Attachment, ImageInfo } from '../../../server/protocol';
import type { ClientFiles } from '../lib/client-files';
import { fileSize } from '../lib/file-format';
import { DownloadNoteLine } from './download-note';
import { downloadFile, type DownloadNote } from './file-download';
import { Modal } from './modal';
import { useObjectUrl } from './use-files';

/**
 * The full image in a modal dialog: fetched only when opened (the original, animated if it is),
 * scaled down to the window, with Download and Close. Escape closes it too, and the focus goes
 * back to the preview that opened it (Modal does both).
 */
export function Lightbox(props: {
  files: ClientFiles;
  attachment: Attachment & { image: ImageInfo };
  onClose: () => void;
}) {
  const { files, attachment } = props;
  const shown = useObjectUrl(files, attachment.id, 'url');
  const [note, setNote] = useState<DownloadNote>();
  const { width, height } = attachment.image;
  // The image's own size, scaled down to the window, taken before it loads (no jump).
  const frame = {
    width: `min(${width}px, 88vw, calc(72vh * ${width} / ${height}))`,
    aspectRatio: `${width} / ${height}`,
  };
  return (
    <Modal title={attachment.name} onClose={props.onClose}>
      <div className="lightbox">
        <div className="lightbox-frame" style={frame}>
          {shown.state === 'ready' && (
            <img src={shown.src} alt={attachment.name} width={width} height={height} />
          )}
          {shown.state === 'loading' && <p className="muted">Loading the image…</p>}
          {shown.state === 'unavailable' && <p className="muted">File unavailable</p>}
          {shown.state === 'failed' && (
            <p className="field-error">
              The image could not be loaded.{' '}
              <button type="button" onClick={shown.retry}>
                Retry
              </button>
            </p>
          )}
        </div>
        <p className="muted small">
          {width} × {height} · {fileSize(attachment.size)}
        </p>
        <p>
          <DownloadNoteLine note={note} />
        </p>
        <div className="modal-buttons">
          <button type="button" onClick={() => void downloadFile(files, attachment).then(setNote)}>
            Download
          </button>
          <button type="button" className="primary" onClick={props.onClose}>
            Close
          </button>
        </div>
      </div>
    </Modal>
  );
}
