import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { clientCsp } from './server/shared/csp.js';

/** The gzipped JS budget of the production build, in bytes. */
const JS_BUDGET = 200 * 1024;
const OUT_DIR = 'dist/renderer';

/** Prints the gzipped size of all JS in the build and fails the build above the budget. */
function bundleBudget(): Plugin {
  return {
    name: 'parley-bundle-budget',
    apply: 'build',
    closeBundle() {
      const assets = join(OUT_DIR, 'assets');
      const js = readdirSync(assets).filter((file) => file.endsWith('.js'));
      const sizes = js.map((file) => [file, gzipSync(readFileSync(join(assets, file))).length]);
      const total = sizes.reduce((sum, [, size]) => sum + Number(size), 0);
      const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
      // Per chunk too: what loads before the first screen is the entry (index-*.js) alone.
      const chunks = sizes.map(([file, size]) => `${String(file)} ${kb(Number(size))}`);
      console.log(
        `\nJS bundle: ${kb(total)} gzipped (budget ${kb(JS_BUDGET)}): ${chunks.join(', ')}`,
      );
      if (total > JS_BUDGET)
        throw new Error(`JS bundle is over budget: ${kb(total)} > ${kb(JS_BUDGET)}`);
    },
  };
}

/** Writes the shared CSP into index.html's <meta> tag, so that it has one source. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'parley-csp',
    transformIndexHtml: (html) => html.replace('%PARLEY_CSP%', clientCsp('meta')),
  };
}

export default defineConfig({
  root: 'renderer',
  // Relative asset URLs: the same build loads from http(s)://server/ and from app://parley/.
  base: './',
  plugins: [react(), contentSecurityPolicy(), bundleBudget()],
  build: {
    outDir: `../${OUT_DIR}`,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
});
