import type { FileStore, ListedBlob } from './file-store.js';

const isMissing = (error: unknown) => (error as { code?: unknown }).code === 'ENOENT';

/**
 * A shared store with this node's folder behind it, for a deployment that moved to PostgreSQL
 * with files already uploaded: new blobs go to `shared` (every node serves them), and a blob not
 * found there is read from `local`, where it was stored before the move (only the node that
 * took it has it, as before). Deletes reach both. The sweep of unused blobs lists `shared`
 * only: an old local blob no file names stays until it is removed by hand.
 */
export function withLocalFallback(shared: FileStore, local: FileStore): FileStore {
  return {
    put: (from, sha256) => shared.put(from, sha256),
    async createReadStream(sha256) {
      try {
        return await shared.createReadStream(sha256);
      } catch (error) {
        if (!isMissing(error)) throw error;
        return local.createReadStream(sha256);
      }
    },
    async delete(sha256) {
      await Promise.all([shared.delete(sha256), local.delete(sha256)]);
    },
    async has(sha256) {
      return (await shared.has(sha256)) || (await local.has(sha256));
    },
    list: (after, limit): Promise<ListedBlob[]> => shared.list(after, limit),
    async deletePartial(sha256) {
      await Promise.all([shared.deletePartial(sha256), local.deletePartial(sha256)]);
    },
  };
}
