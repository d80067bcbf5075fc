import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { ChatError, HTTP_STATUS, toErrorBody } from '../errors.js';
import type { Logger } from '../logger.js';
import { clientCsp } from '../shared/csp.js';
import { ErrorCode } from '../protocol.js';

const JSON_LIMIT = '16kb';

/**
 * The web client's Content-Security-Policy, as a header (stronger than the page's meta tag, and
 * the only way to set frame-ancestors); the same policy as the desktop app's and the meta tag's.
 */
const WEB_CSP = clientCsp('web');

/** What `/healthz` and `/readyz` report. */
export interface Health {
  /** The part that is failing (`storage`, `database`, `redis`), if any. */
  failing(): string | undefined;
  /** True once the server is closing: a balancer should send it nothing new. */
  closing(): boolean;
}

/**
 * Sets up `app`: the origin guard, security headers, `/healthz` and `/readyz`, the routes that
 * read their own
 * bodies (`raw`: file and avatar uploads and downloads), JSON parsing, the API and the web client.
 */
export function createHttpApp(
  app: Express,
  api: express.Router,
  guard: express.RequestHandler,
  webRoot: string | undefined,
  logger: Logger,
  health: Health,
  ...raw: express.Router[]
): void {
  app.disable('x-powered-by');
  app.use(guard);
  app.use((_req, res, next) => {
    res.set({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    next();
  });
  // 503 names what failed (a supervisor or an operator sees which dependency is down).
  app.get('/healthz', (_req, res) => {
    const failed = health.failing();
    if (failed) res.status(503).json({ status: 'failing', failing: failed });
    else res.json({ status: 'ok' });
  });
  // For a load balancer: 503 while a dependency fails or the node is closing, so that new
  // clients go to the other nodes (theirs reconnect there through it).
  app.get('/readyz', (_req, res) => {
    const failed = health.failing() ?? (health.closing() ? 'closing' : undefined);
    if (failed) res.status(503).json({ status: 'not_ready', failing: failed });
    else res.json({ status: 'ready' });
  });
  app.use('/api', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  // Before the JSON parser: an upload's body is streamed to disk by its route, never parsed.
  app.use(raw);
  // inflate: false: a compressed body is refused (415) rather than unpacked, which would let a
  // few kilobytes grow into megabytes before the size limit could see them.
  app.use('/api', express.json({ limit: JSON_LIMIT, inflate: false }), api);
  // Metrics are served on a listener of their own (ops/metrics-listener.ts), never here: say
  // so plainly rather than let the web client's fallback answer with its page.
  app.all('/metrics', () => {
    throw new ChatError(ErrorCode.notFound, 'Not found.');
  });
  serveWebClient(app, webRoot);
  app.use(((error, _req, res, _next) => {
    const chatError = fromExpressError(error);
    if (!chatError) logger.error('http: unexpected error', error);
    const body = toErrorBody(chatError ?? error);
    const status = HTTP_STATUS[body.code] ?? 500;
    if (body.retryAfterMs !== undefined)
      res.set('Retry-After', String(Math.ceil(body.retryAfterMs / 1000)));
    res.status(status).json({ error: body });
  }) satisfies ErrorRequestHandler);
}

/** Body-parser failures are the client's fault: say so with our codes. */
function fromExpressError(error: unknown): ChatError | undefined {
  if (error instanceof ChatError) return error;
  const { type, status, expose } = (error ?? {}) as {
    type?: unknown;
    status?: unknown;
    expose?: unknown;
  };
  if (type === 'entity.too.large')
    return new ChatError(ErrorCode.tooLarge, `Bodies are limited to ${JSON_LIMIT}.`);
  if (type === 'encoding.unsupported') {
    return new ChatError(
      ErrorCode.unsupportedEncoding,
      'Send bodies without Content-Encoding: compressed bodies are not accepted.',
    );
  }
  if ((typeof type === 'string' && type.startsWith('entity.')) || type === 'charset.unsupported') {
    return new ChatError(ErrorCode.invalidPayload, 'The body is not valid JSON.');
  }
  // Any other client error that body-parser (http-errors) reports, such as a body cut short.
  if (expose === true && typeof status === 'number' && status >= 400 && status < 500)
    return new ChatError(ErrorCode.invalidPayload, 'The request body could not be read.');
  return undefined;
}

/** Serves the built client at `/`, with an SPA fallback, when `webRoot` holds an index.html. */
function serveWebClient(app: Express, webRoot: string | undefined): void {
  const root = webRoot === undefined ? undefined : resolve(webRoot);
  if (!root || !existsSync(join(root, 'index.html'))) {
    app.get('/', (_req, res) => {
      res
        .type('text/plain')
        .send('Parley server is running. The web client is not built (npm run build).\n');
    });
    return;
  }
  app.use((_req, res, next) => {
    res.set('Content-Security-Policy', WEB_CSP);
    next();
  });
  app.use(express.static(root, { index: 'index.html', maxAge: '1h' }));
  app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
    res.sendFile(join(root, 'index.html'));
  });
}
