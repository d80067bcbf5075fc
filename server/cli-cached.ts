#!/usr/bin/env node
import { createHash, randomUUID } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/**
 * What `npm run server` runs (dist/server/cli.js): the bundled CLI (cli-bundle.cjs beside it,
 * made from cli.ts by `npm run bundle:server`) compiled through V8's code cache. Compiling the
 * 3 MB bundle was the biggest single cost of a start left after bundling; with the cache V8
 * reads the compiled code back instead (docs/bench-startup-code-cache-2026-12-03.txt). Node 20
 * has no `module.enableCompileCache` (22.1 added it), so this is the same thing by hand, which
 * `vm.Script` allows only for a script, hence a CommonJS bundle.
 *
 * The cache file (cli-bundle.cjs.cache) is written once the server is up, so that it holds the
 * functions start-up compiles, whenever the start found none it could use. V8 checks a cache
 * only against the source's length, its own version and flags, and trusts the bytes: a cache of
 * an older bundle of the same length would run the old code, and a corrupt one can crash it.
 * So the file starts with a SHA-256 of what it was made from (the text compiled and Node's
 * version) and one of its own bytes, both checked before V8 sees them; on any mismatch the start
 * compiles afresh and writes a new one. Where the folder cannot be written (an installed copy),
 * every start simply compiles. Who can write the cache can write the bundle itself: no new trust.
 * `PARLEY_CODE_CACHE_DEBUG=1` prints what the start did with it.
 */
const dir = dirname(fileURLToPath(import.meta.url));
const file = join(dir, 'cli-bundle.cjs');
const cacheFile = `${file}.cache`;
/** Two SHA-256s: of what the cache was made from, and of the V8 bytes after them. */
const HEADER = 64;
/** How long after the server is up the cache is written. */
const CACHE_AFTER_MS = 500;

const sha256 = (...parts: Array<string | Buffer>) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const debug = (what: string) => {
  if (process.env.PARLEY_CODE_CACHE_DEBUG) console.error(`parley: code cache ${what}`);
};

if (process.sourceMapsEnabled) {
  // `--enable-source-maps`: Node maps stack traces for what it loads itself, not for a script
  // compiled here, so the bundle is loaded as any CommonJS file (and compiled afresh).
  createRequire(import.meta.url)(file);
} else startCached();

function startCached(): void {
  // A hashbang is valid only as a file's first characters: gone, as Node's own loader drops it.
  const text = readFileSync(file, 'utf8').replace(/^#!.*/, '');
  const source = `(function (exports, require, module, __filename, __dirname) {${text}\n})`;
  // The very text compiled, and the Node that compiles it (V8 checks its own flags itself).
  const madeFrom = sha256(source, process.version);
  const { cachedData, found } = readCache(madeFrom);
  const script = new Script(source, { filename: file, ...(cachedData && { cachedData }) });
  const used = cachedData !== undefined && script.cachedDataRejected === false;
  debug(cachedData && !used ? 'rejected' : found);
  const module = { exports: {} as { started?: Promise<void> } };
  (script.runInThisContext() as (...args: unknown[]) => void)(
    module.exports,
    createRequire(file),
    module,
    file,
    dir,
  );
  if (used) return;
  void module.exports.started?.then(() =>
    setTimeout(() => writeCache(madeFrom, script), CACHE_AFTER_MS).unref(),
  );
}

/** The V8 bytes of the cache file, if it was made from this very bundle and is intact. */
function readCache(madeFrom: Buffer): {
  cachedData?: Buffer;
  found: 'used' | 'absent' | 'stale' | 'corrupt';
} {
  let cache: Buffer;
  try {
    cache = readFileSync(cacheFile);
  } catch {
    return { found: 'absent' };
  }
  if (cache.length <= HEADER || !cache.subarray(0, 32).equals(madeFrom)) return { found: 'stale' };
  const cachedData = cache.subarray(HEADER);
  if (!sha256(cachedData).equals(cache.subarray(32, HEADER))) return { found: 'corrupt' };
  return { cachedData, found: 'used' };
}

/**
 * Written whole under a name of its own, flushed, then renamed over the old one. Never throws:
 * it runs in a timer of a serving process. A folder that cannot be written (an installed copy)
 * fails at the first open, before the cache is made.
 */
function writeCache(madeFrom: Buffer, script: Script): void {
  const temp = `${cacheFile}.${randomUUID()}`;
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx');
    const data = script.createCachedData();
    writeFileSync(fd, Buffer.concat([madeFrom, sha256(data), data]));
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, cacheFile);
    debug('written');
  } catch {
    // The next start compiles again.
    try {
      if (fd !== undefined) closeSync(fd);
      rmSync(temp, { force: true });
    } catch {
      // a temp file left behind: harmless, and never read
    }
  }
}
