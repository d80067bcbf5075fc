import { fileSize } from '../lib/file-format';
import type { UploadItem, UploadQueue } from '../lib/uploads';
import { useUploads } from './use-files';

/**
 * The files a composer will send, under the text box: each with its name, size and progress
 * (or "Waiting…" until its turn), × to cancel (while it waits or uploads) or remove, and Retry
 * when it failed. Files refused before
 * uploading (too big, too many) are named in an alert.
 */
export function UploadList(props: { queue: UploadQueue; id: string }) {
  const { queue } = props;
  const view = useUploads(queue);
  if (view.items.length === 0 && !view.notice) return null;
  return (
    <div className="uploads" id={props.id}>
      {view.notice && (
        <p className="field-error small" role="alert">
          {view.notice}
        </p>
      )}
      {view.items.length > 0 && (
        <ul aria-label="Files to send">
          {view.items.map((item) => (
            <UploadRow key={item.key} item={item} queue={queue} />
          ))}
        </ul>
      )}
    </div>
  );
}

function UploadRow(props: { item: UploadItem; queue: UploadQueue }) {
  const { item, queue } = props;
  const percent = item.size > 0 ? Math.min(100, Math.round((item.sent / item.size) * 100)) : 100;
  const pending = item.status === 'waiting' || item.status === 'uploading';
  return (
    <li className={`upload ${item.status}`}>
      <span className="upload-name">
        <bdi>{item.name}</bdi>
      </span>
      <span className="upload-size">{fileSize(item.size)}</span>
      {item.status === 'uploading' && (
        <progress max={100} value={percent} aria-label={`Uploading ${item.name}`}>
          {percent}%
        </progress>
      )}
      {item.status === 'waiting' && (
        // Words, not an empty progress bar: a screen reader reads "Waiting to upload" in the row.
        <span className="upload-state">
          Waiting…<span className="visually-hidden"> to upload</span>
          {item.retryAt !== undefined && ' (the server asked to wait)'}
        </span>
      )}
      {item.status === 'done' && <span className="upload-state">Uploaded</span>}
      {item.status === 'failed' && (
        <>
          <span className="field-error upload-state">{item.error}</span>
          <button type="button" onClick={() => queue.retry(item.key)}>
            Retry
          </button>
        </>
      )}
      <button
        type="button"
        className="icon-button"
        aria-label={pending ? `Cancel ${item.name}` : `Remove ${item.name}`}
        title={pending ? 'Cancel the upload' : 'Remove'}
        onClick={() => queue.remove(item.key)}
      >
        <span aria-hidden="true">×</span>
      </button>
    </li>
  );
}
