import type { DownloadNote } from './file-download';

/** The outcome of a download under its button: an alert when it failed, a status when saved. */
export function DownloadNoteLine(props: { note: DownloadNote }) {
  const { note } = props;
  if (!note) return null;
  return note.error ? (
    <span className="field-error small" role="alert">
      {note.text}
    </span>
  ) : (
    <span className="muted small" role="status">
      {note.text}
    </span>
  );
}
