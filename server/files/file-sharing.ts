import { join } from 'node:path';
import { Router } from 'express';
import type { Accounts } from '../auth/accounts.js';
import type { ResolvedOptions } from '../options.js';
import type { ChatStore } from '../storage/store.js';
import { downloadRoute } from './download-route.js';
import { FileService } from './file-service.js';
import { withLocalFallback } from './fallback-file-store.js';
import { DiskFileStore } from './file-store.js';
import { FileUrlSigner } from './file-urls.js';
import { uploadRoute } from './upload-route.js';

/** How often files no live message carries are pruned. */
const PRUNE_EVERY_MS = 60 * 60_000;

/** File sharing as the server runs it: its routes, its URL signer and its pruning. */
export interface FileSharing {
  /** `POST /api/files`, `GET /files/:id` and `GET /files/:id/thumb`; mount before any body parser. */
  routes: Router;
  signer: FileUrlSigner;
  service: FileService;
  /** Makes the folders, prunes once, then every hour (the timer does not keep the process up). */
  start(): Promise<void>;
  /**
   * Stops the timer and the image worker, and waits for a prune in progress, so that the store
   * can close.
   */
  stop(): Promise<void>;
}

/**
 * Wires file sharing for one server: blobs in the store's own blob store when it has one (on
 * PostgreSQL, shared by every node; blobs from before it are still read from the files folder),
 * else in `<dataDir>/files` (DiskFileStore); uploads
 * through `<dataDir>/files/tmp`, URL signatures keyed from the JWT secret.
 */
export function fileSharing(
  store: ChatStore,
  accounts: Accounts,
  secret: string | Buffer,
  options: ResolvedOptions,
): FileSharing {
  const filesDir = join(options.dataDir, 'files');
  const disk = new DiskFileStore(filesDir);
  const blobs = store.blobs ? withLocalFallback(store.blobs, disk) : disk;
  const service = new FileService(store, blobs, filesDir, options, accounts.budgets);
  const signer = new FileUrlSigner(secret);
  const routes = Router();
  routes.post('/api/files', uploadRoute(accounts, service));
  routes.get('/files/:id', downloadRoute(store, blobs, signer, options.logger, false));
  routes.get('/files/:id/thumb', downloadRoute(store, blobs, signer, options.logger, true));

  let timer: NodeJS.Timeout | undefined;
  let pruning: Promise<unknown> = Promise.resolve();
  const prune = () => {
    pruning = pruning
      .then(() => service.prune())
      .catch((error: unknown) => options.logger.warn('files: pruning failed', error));
  };
  return {
    routes,
    signer,
    service,
    async start() {
      await service.open();
      prune();
      timer ??= setInterval(prune, PRUNE_EVERY_MS).unref();
    },
    async stop() {
      clearInterval(timer);
      await Promise.all([pruning, service.close()]);
    },
  };
}
