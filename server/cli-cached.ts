import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/**
 * What `npm run server` runs (dist/server/cli.js): the bundled CLI (cli-bundle.cjs beside it,
 * made from cli.ts by `npm run bundle:server`) compiled through V8's code cache. Compiling the
 * 3 MB bundle was the biggest single cost of a start left after bundling (about 120 ms of
 * 480, docs/bench-startup-bundle-2026-12-03.txt); with the cache V8 reads the compiled code
 * back instead. Node 20 has no `module.enableCompileCache` (22.1 added it), so this is the
 * same thing by hand, which `vm.Script` allows only for a script, hence a CommonJS bundle.
 *
 * The cache (cli-bundle.cjs.cache) is written after the first start, once the server is up (so
 * that it holds the functions start-up compiles, not just the top level), and rewritten when V8
 * rejects it: V8 checks it against this source, its own version and flags, and compiles afresh
 * if anything differs. Where the folder cannot be written (an installed copy), every start
 * simply compiles. Who can write the cache can write the bundle itself: no new trust.
 */
const dir = dirname(fileURLToPath(import.meta.url));
const file = join(dir, 'cli-bundle.cjs');
const cacheFile = `${file}.cache`;
/** How long after the bundle starts its cache is written: the server is listening by then. */
const CACHE_AFTER_MS = 3000;

if (process.sourceMapsEnabled) {
  // `--enable-source-maps`: Node maps stack traces for what it loads itself, not for a script
  // compiled here, so the bundle is loaded as any CommonJS file (and compiled afresh).
  createRequire(import.meta.url)(file);
} else startCached();

function startCached(): void {
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache yet
  }
  // A hashbang is valid only as a file's first characters: gone, as Node's own loader drops it.
  const source = readFileSync(file, 'utf8').replace(/^#!.*/, '');
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
    // No importModuleDynamically: Node 20 allows it only with --experimental-vm-modules, so the
    // bundle has no import() (esbuild turns them into require; file-type, an ES module, loads
    // through require(esm), on by default since Node 20.19).
    { filename: file, ...(cachedData && { cachedData }) },
  );
  if (!cachedData || script.cachedDataRejected) {
    setTimeout(() => {
      try {
        const temp = `${cacheFile}.${process.pid}`;
        writeFileSync(temp, script.createCachedData());
        renameSync(temp, cacheFile);
      } catch {
        // a folder that cannot be written: the next start compiles again
      }
    }, CACHE_AFTER_MS).unref();
  }
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void)(
    module.exports,
    createRequire(file),
    module,
    file,
    dir,
  );
}
