/**
 * The one Content-Security-Policy of the client, wherever it is served from: the server's HTTP
 * header, the desktop app's `app://` protocol, and the `<meta>` tag Vite writes into index.html.
 * connect-src stays open to http(s)/ws(s) because a person may join any server; everything else
 * comes from the page's own origin only.
 */
export function clientCsp(where: 'web' | 'desktop' | 'meta'): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    // blob: for images the client fetched through signed URLs (file-blobs.ts); no other origin.
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // On app:// 'self' would add nothing the app serves to fetch; on the web it is the server.
    where === 'desktop'
      ? 'connect-src http: https: ws: wss:'
      : "connect-src 'self' http: https: ws: wss:",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
    // Browsers ignore frame-ancestors in a <meta> tag (and warn), so only headers carry it.
    ...(where === 'meta' ? [] : ["frame-ancestors 'none'"]),
  ].join('; ');
}
