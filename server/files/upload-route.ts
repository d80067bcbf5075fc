import type { Request, Response } from 'express';
import type { Accounts } from '../auth/accounts.js';
import { ChatError } from '../errors.js';
import { identify } from '../http/api-routes.js';
import { ErrorCode, type FileUploaded } from '../protocol.js';
import { uploadName } from './file-names.js';
import type { FileService } from './file-service.js';
import { discardBody } from './discard-body.js';

/**
 * `POST /api/files`: the body is the file's bytes as they are (any Content-Type, never parsed),
 * with `Authorization: Bearer <access token>` checked as everywhere else (a revoked session or a
 * banned user is refused), and the name in `X-File-Name`, percent-encoded. Answers 201
 * `{ file: Attachment }`. Checks that cost nothing come before a byte of the body is read.
 * The body keeps the deadline every request body has (body-deadline.ts) until the token, rate
 * and quota checks have passed: only then does FileService.upload lift it, and bound the body
 * itself (an idle time and a least speed, no total time; upload-body.ts).
 */
export function uploadRoute(accounts: Accounts, files: FileService) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      const encoding = req.get('content-encoding');
      if (encoding !== undefined && encoding.toLowerCase() !== 'identity')
        throw new ChatError(
          ErrorCode.unsupportedEncoding,
          'Send bodies without Content-Encoding: compressed bodies are not accepted.',
        );
      const identity = await identify(accounts, req);
      const name = uploadName(req.get('x-file-name'));
      const file = await files.upload(req, identity.user.id, name);
      res.status(201).json({ file } satisfies FileUploaded);
    } catch (error) {
      // Refused before a byte was read (token, rate, quota, declared size): a small body is read
      // to its end first, so that the client, done sending, reads the answer rather than a reset.
      // Anything else (a larger body, one cut off while streaming) is never read further: the
      // connection closes after the answer, rather than Node reading up to gigabytes to keep it.
      // The discarding has a total time limit too: a client refused for having no token at all
      // must not hold the connection by trickling bytes.
      const { idleMs, discardMs } = files.limits;
      const whole =
        req.complete ||
        (!req.readableDidRead && (await discardBody(req, undefined, idleMs, discardMs)));
      if (!whole) res.set('Connection', 'close');
      throw error;
    }
  };
}
