/**
 * Avatar images as object URLs (`blob:`), one fetch per key. The page's CSP allows images from
 * its own origin and `blob:` only, and the desktop app's origin (app://parley) is not the
 * server's: the bytes are fetched (the server's CORS lets trusted origins read them) and shown
 * from memory, as file previews are (file-blobs.ts). A key names one image for ever (a new
 * avatar gets a new key), so an entry never goes stale; the cache is bounded all the same.
 */
const cache = new Map<string, Promise<string | null>>();
/** Avatars kept in memory at once (each at most 256 × 256 WebP, a few KB). */
const KEPT = 500;

/** The object URL of an avatar, or null when the server does not have it (or did not answer). */
export function avatarObjectUrl(serverUrl: string, key: string): Promise<string | null> {
  const id = `${serverUrl} ${key}`;
  const known = cache.get(id);
  if (known) return known;
  if (cache.size >= KEPT) forgetOldest();
  const loading = load(new URL(`/avatars/${encodeURIComponent(key)}`, serverUrl).href);
  cache.set(id, loading);
  // A failed fetch (offline) is tried again the next time the avatar shows.
  void loading.then((url) => url === null && cache.delete(id));
  return loading;
}

async function load(url: string): Promise<string | null> {
  try {
    const response = await fetch(url, { credentials: 'omit' });
    return response.ok ? URL.createObjectURL(await response.blob()) : null;
  } catch {
    return null;
  }
}

function forgetOldest(): void {
  const [oldest] = cache.keys();
  if (oldest === undefined) return;
  const entry = cache.get(oldest);
  cache.delete(oldest);
  // Revoked a little later: an <img> that shows it now has loaded it by then.
  void entry?.then((url) => url && setTimeout(() => URL.revokeObjectURL(url), 10_000));
}
