import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import type { Accounts } from '../auth/accounts.js';
import { ChatError } from '../errors.js';
import { discardBody } from '../files/discard-body.js';
import { identify } from '../http/api-routes.js';
import { ErrorCode, type AvatarChanged } from '../protocol.js';
import { AVATAR_KEY } from './avatar-files.js';
import type { Avatars } from './avatars.js';

/** A year: an avatar's key changes with its image, so one key's bytes never change. */
const AVATAR_MAX_AGE_S = 365 * 24 * 60 * 60;

/**
 * Headers of a served avatar. Public by its unguessable key, with no credentials, so any page
 * may show it (the desktop app's own origin included): CORP cross-origin and CORS `*`. Never
 * sniffed as anything but an image, and sandboxed if opened on its own.
 */
const SERVED = {
  'Content-Type': 'image/webp',
  'Cache-Control': `public, max-age=${AVATAR_MAX_AGE_S}, immutable`,
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Access-Control-Allow-Origin': '*',
};

/**
 * `POST /api/avatar` (the image's bytes as the body, bearer token), `DELETE /api/avatar`, and
 * `GET /avatars/:key`. Mount before any body parser: the upload's body is streamed by its route.
 * The origin guard in front of every route refuses pages from untrusted origins, as for files.
 */
export function avatarRoutes(accounts: Accounts, avatars: Avatars): Router {
  const routes = Router();
  routes.post('/api/avatar', async (req, res) => {
    try {
      refuseEncoded(req);
      const { user } = await identify(accounts, req);
      res.json({ user: await avatars.upload(req, user.id) } satisfies AvatarChanged);
    } catch (error) {
      // As for file uploads (upload-route.ts): a small refused body is read to its end so that
      // the answer gets through; a larger one, or one cut off, closes the connection instead.
      const { idleMs, discardMs } = avatars.limits;
      const whole =
        req.complete ||
        (!req.readableDidRead && (await discardBody(req, undefined, idleMs, discardMs)));
      if (!whole) res.set('Connection', 'close');
      throw error;
    }
  });
  routes.delete('/api/avatar', async (req, res) => {
    const { user } = await identify(accounts, req);
    res.json({ user: await avatars.clear(user.id) } satisfies AvatarChanged);
  });
  routes.get('/avatars/:key', (req, res) => serve(req, res, avatars));
  return routes;
}

function refuseEncoded(req: Request): void {
  const encoding = req.get('content-encoding');
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity')
    throw new ChatError(
      ErrorCode.unsupportedEncoding,
      'Send bodies without Content-Encoding: compressed bodies are not accepted.',
    );
}

/**
 * Sends the image of a well-formed key; anything else, or a key with no image, is a 404. A
 * database holding the images that cannot be reached is `unavailable` (503), through the app's
 * error handler (Express 5 passes a rejection on).
 */
async function serve(req: Request, res: Response, avatars: Avatars): Promise<void> {
  const key = String(req.params.key ?? '');
  const image = AVATAR_KEY.test(key) ? await avatars.files.read(key) : undefined;
  if (!image) throw new ChatError(ErrorCode.notFound, 'No such avatar.');
  res.set({ ...SERVED, 'Content-Length': String(image.size) });
  if (req.method === 'HEAD') {
    image.stream.destroy();
    res.end();
    return;
  }
  // A client that goes away ends the pipeline with an error: nothing to answer.
  await pipeline(image.stream, res).catch(() => undefined);
}
