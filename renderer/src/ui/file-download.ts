import type { Attachment } from '../../../server/protocol';
import type { ClientFiles } from '../lib/client-files';
import { absoluteUrl } from '../lib/file-blobs';

/** How a download went, as a line to show: failed, or saved where (desktop). */
export type DownloadNote = { error: boolean; text: string } | undefined;

/**
 * Downloads a file with a fresh signed URL (`downloadUrl`: always served as an attachment). On
 * the desktop through the bridge; in a browser through an `<a download>` of the server's own
 * origin, so the browser saves it and the page stays (and shows it in its own downloads).
 */
export async function downloadFile(
  files: ClientFiles,
  attachment: Attachment,
): Promise<DownloadNote> {
  let urls;
  try {
    urls = await files.urls.get(attachment.id);
  } catch {
    return { error: true, text: 'The server did not answer; try again.' };
  }
  if (!urls) return { error: true, text: 'File unavailable.' };
  const href = absoluteUrl(files.serverUrl, urls.downloadUrl);
  // On the desktop, Electron's download handling saves it to Downloads and never opens it.
  const bridge = window.parley;
  if (bridge) {
    // A throw (a missing method, a refused IPC) is a failed download, never an uncaught error.
    const result = await Promise.resolve()
      .then(() => bridge.downloadFile(href))
      .catch(() => ({ ok: false as const, error: 'failed' }));
    if (result.ok) return { error: false, text: `Saved to Downloads as ${result.name}.` };
    if (result.error === 'cancelled') return undefined;
    return { error: true, text: `${attachment.name} could not be downloaded.` };
  }
  const link = document.createElement('a');
  link.href = href;
  link.download = attachment.name;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  return undefined;
}
