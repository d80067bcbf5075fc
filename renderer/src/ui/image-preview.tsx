import { useState } from 'react';
import type { Attachment, ImageInfo } from '../../../server/protocol';
import type { ClientFiles } from '../lib/client-files';
import { previewBox } from '../lib/file-format';
import { Lightbox } from './lightbox';
import { useObjectUrl } from './use-files';

/**
 * An image of a message, inline: its thumbnail (first frame, no metadata) in a box of the size
 * the server measured, reserved before it loads so that the list never jumps. Click or Enter
 * opens the full image in a lightbox; an animated GIF or WebP moves only there.
 */
export function ImagePreview(props: {
  files: ClientFiles;
  attachment: Attachment & { image: ImageInfo };
}) {
  const { files, attachment } = props;
  const [open, setOpen] = useState(false);
  const shown = useObjectUrl(files, attachment.id, 'thumbUrl');
  const box = previewBox(attachment.image);
  const style = { width: box.width, height: box.height };
  if (shown.state !== 'ready')
    return (
      <div className={`image-preview placeholder ${shown.state}`} style={style}>
        {shown.state === 'loading' && (
          <span className="visually-hidden">Loading {attachment.name}…</span>
        )}
        {shown.state === 'unavailable' && <span className="small">File unavailable</span>}
        {shown.state === 'failed' && (
          <button type="button" className="link small" onClick={shown.retry}>
            Could not load {attachment.name}. Retry
          </button>
        )}
      </div>
    );
  return (
    <>
      <button
        type="button"
        className="image-preview"
        style={style}
        aria-haspopup="dialog"
        title={`${attachment.name}: open the full image`}
        onClick={() => setOpen(true)}
      >
        <img src={shown.src} alt={attachment.name} width={box.width} height={box.height} />
        {attachment.image.animated && (
          <span className="image-badge" aria-hidden="true">
            GIF
          </span>
        )}
      </button>
      {open && <Lightbox files={files} attachment={attachment} onClose={() => setOpen(false)} />}
    </>
  );
}
