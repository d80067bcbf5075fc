import type { Attachment, ImageInfo } from '../../../server/protocol';
import type { ChatClient } from '../lib/chat-client';
import { fileSize } from '../lib/file-format';
import { FileCard } from './file-card';
import { ImagePreview } from './image-preview';
import { filesOf } from './use-files';
import './files.css';

const isImage = (a: Attachment): a is Attachment & { image: ImageInfo } => a.image !== undefined;

/** A message's files: images inline, in the sender's order, then a card for each other file. */
export function AttachmentList(props: { client: ChatClient; attachments: readonly Attachment[] }) {
  const files = filesOf(props.client);
  const images = props.attachments.filter(isImage);
  const others = props.attachments.filter((a) => !isImage(a));
  return (
    <div className="attachments">
      {images.length > 0 && (
        <div className="image-previews">
          {images.map((a) => (
            <ImagePreview key={a.id} files={files} attachment={a} />
          ))}
        </div>
      )}
      {others.map((a) => (
        <FileCard key={a.id} files={files} attachment={a} />
      ))}
    </div>
  );
}

/**
 * The files of a message still being sent: names and sizes only. Nothing is fetched for them
 * until the server has stored the message and the room can read them.
 */
export function PendingAttachments(props: { attachments: readonly Attachment[] }) {
  return (
    <ul className="pending-attachments small" aria-label="Files">
      {props.attachments.map((a) => (
        <li key={a.id}>
          <bdi>{a.name}</bdi> <span className="muted">({fileSize(a.size)})</span>
        </li>
      ))}
    </ul>
  );
}
