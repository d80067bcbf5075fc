import { randomUUID } from 'node:crypto';
import type { RequestHandler, Request } from 'express';
import type { Logger } from '../logger.js';
import type { Metrics } from './metrics.js';

/** Longest path a log line keeps: a client chooses it. */
const MAX_PATH = 200;

/** The request's path without its query string (which may carry signatures), cut short. */
export function loggedPath(url: string): string {
  const path = url.split('?', 1)[0] ?? '';
  return path.length > MAX_PATH ? `${path.slice(0, MAX_PATH)}…` : path;
}

/**
 * The route a request matched ("POST /api/login", "GET /files/:id"), never the raw path: a
 * bounded label. Once answered, Express has reset `req.baseUrl`; the mount prefix is the path's
 * leading segments that the route's own pattern does not cover.
 */
function routeOf(req: Request, path: string): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof route !== 'string') return 'other';
  // Routing ignores case and a trailing slash: so does the label, or a client could mint labels.
  const segments = path.toLowerCase().replace(/\/+$/, '').split('/');
  const prefix = segments.slice(0, segments.length - route.split('/').length + 1).join('/');
  return `${req.method} ${prefix}${route}`;
}

/**
 * Express middleware, first in line: one info line per request once its answer is sent (or the
 * client went away): method, path without the query string, status, milliseconds and a request
 * id, which the answer carries in `X-Request-Id`. Never headers, bodies or query strings: they
 * carry tokens, passwords and file names. A 429 also counts as a rate-limit hit of its route.
 */
export function logRequests(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const start = performance.now();
    const id = randomUUID();
    res.setHeader('X-Request-Id', id);
    let done = false;
    const log = () => {
      if (done) return;
      done = true;
      const status = res.statusCode;
      const path = loggedPath(req.originalUrl);
      if (status === 429) metrics.rateLimited(`http ${routeOf(req, path)}`);
      logger.info('request', {
        method: req.method,
        path,
        status,
        ms: Math.round((performance.now() - start) * 10) / 10,
        requestId: id,
        ...(res.writableFinished ? {} : { aborted: true }),
      });
    };
    res.once('finish', log).once('close', log);
    next();
  };
}
