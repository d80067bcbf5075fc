import type { Request, Response } from 'express';
import type { Accounts } from '../auth/accounts.js';
import { ChatError } from '../errors.js';
import { bearerToken } from '../http/api-routes.js';
import { ErrorCode, type FileUploaded } from '../protocol.js';
import { uploadName } from './file-names.js';
import type { FileService } from './file-service.js';

/**
 * `POST /api/files`: the body is the file's bytes as they are (any Content-Type, never parsed),
 * with `Authorization: Bearer <access token>` checked as everywhere else (a revoked session or a
 * banned user is refused), and the name in `X-File-Name`, percent-encoded. Answers 201
 * `{ file: Attachment }`. Checks that cost nothing come before a byte of the body is read.
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
      const token = bearerToken(req.get('authorization'));
      if (!token)
        throw new ChatError(ErrorCode.credentialsRequired, 'Send Authorization: Bearer <token>.');
      const identity = await accounts.authenticate(token);
      const name = uploadName(req.get('x-file-name'));
      const file = await files.upload(req, identity.user.id, name);
      res.status(201).json({ file } satisfies FileUploaded);
    } catch (error) {
      // The rest of a refused body is never read: the connection closes after the answer, rather
      // than Node reading (and throwing away) up to gigabytes to keep it alive.
      if (!req.complete) res.set('Connection', 'close');
      throw error;
    }
  };
}
