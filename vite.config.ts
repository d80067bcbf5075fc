import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

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
      const total = js.reduce(
        (sum, file) => sum + gzipSync(readFileSync(join(assets, file))).length,
        0,
      );
      const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
      console.log(`\nJS bundle: ${kb(total)} gzipped (budget ${kb(JS_BUDGET)})`);
      if (total > JS_BUDGET)
        throw new Error(`JS bundle is over budget: ${kb(total)} > ${kb(JS_BUDGET)}`);
    },
  };
}

export default defineConfig({
  root: 'renderer',
  // Relative asset URLs: the same build loads from http(s)://server/ and from app://parley/.
  base: './',
  plugins: [react(), bundleBudget()],
  build: {
    outDir: `../${OUT_DIR}`,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
});
