import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * How long a request body (after the headers) may take to arrive, except an upload's: the 300 s
 * that Node's own `requestTimeout` gave before it was turned off (see {@link bodyDeadline}).
 */
export const BODY_DEADLINE_MS = 300_000;

const timers = new WeakMap<IncomingMessage, NodeJS.Timeout>();

/**
 * Node's `server.requestTimeout` (300 s on Node 20) cuts off every request whose body is not in
 * by then, so a 25 MB upload slower than ~83 KB/s got a 408. It is turned off (0) and this takes
 * its place: every request body must still arrive within `ms` (a JSON body trickled a byte at a
 * time cannot hold a connection for ever), unless a route lifts the deadline with
 * {@link liftBodyDeadline} and watches the body itself. Uploads lift it only once the token,
 * rate and quota checks have passed, and then bound the body by an idle time and a least speed
 * (upload-body.ts); a refused upload keeps it. Headers stay bounded by Node's `headersTimeout`,
 * which works without `requestTimeout`. A body still incomplete at the deadline is answered 408
 * and its connection closed, as Node did.
 * Installed as the first 'request' listener, so the deadline is set before any route runs.
 */
export function bodyDeadline(server: Server, ms = BODY_DEADLINE_MS): void {
  server.requestTimeout = 0;
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const timer = setTimeout(() => {
      timers.delete(req);
      // Checked only now: a request without a body is complete once its headers are parsed,
      // which is after 'request' is emitted, and nobody needs to read its (empty) body.
      if (req.complete) return;
      // Connection: close makes Node destroy the socket once the answer is out.
      if (res.headersSent) req.socket.destroy();
      else res.writeHead(408, { Connection: 'close' }).end();
    }, ms);
    timer.unref();
    timers.set(req, timer);
    const clear = () => liftBodyDeadline(req);
    req.once('end', clear);
    req.once('close', clear);
  });
}

/** Ends the deadline of `req`'s body: the caller bounds the body itself. */
export function liftBodyDeadline(req: IncomingMessage): void {
  clearTimeout(timers.get(req));
  timers.delete(req);
}
