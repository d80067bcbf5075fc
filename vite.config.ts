import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { clientCsp } from './server/shared/csp.js';

/** The gzipped budget of the first-load JS (what index.html loads), in bytes. */
const JS_BUDGET = 200 * 1024;
const OUT_DIR = 'dist/renderer';

/**
 * The JS files index.html loads before the first screen: its module scripts and modulepreload
 * links, as paths relative to the page (`assets/index-….js`), in order.
 */
export function firstLoadScripts(html: string): string[] {
  const files: string[] = [];
  for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/gi)) {
    const attribute = (name: string) =>
      new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
    const value = (name: string) => {
      const match = attribute(name);
      return match ? (match[1] ?? match[2] ?? match[3] ?? '') : undefined;
    };
    const url = tag.toLowerCase().startsWith('<script')
      ? value('src')
      : value('rel')?.toLowerCase().split(/\s+/).includes('modulepreload')
        ? value('href')
        : undefined;
    if (url) files.push(url.replace(/^\.?\//, ''));
  }
  return [...new Set(files)];
}

/**
 * Fails the build when the first-load JS is over budget, gzipped: the scripts index.html loads
 * and, to be sure, everything they import statically. Chunks loaded later by dynamic import
 * (the emoji picker and its data, the confusables table) are printed apart and do not count.
 */
function bundleBudget(): Plugin {
  return {
    name: 'parley-bundle-budget',
    apply: 'build',
    writeBundle(_options, bundle) {
      const html = readFileSync(join(OUT_DIR, 'index.html'), 'utf8');
      const first = new Set<string>();
      const visit = (file: string) => {
        if (first.has(file)) return;
        first.add(file);
        const chunk = bundle[file];
        if (chunk?.type === 'chunk') chunk.imports.forEach(visit);
      };
      firstLoadScripts(html).forEach(visit);
      const js = Object.keys(bundle).filter((file) => file.endsWith('.js'));
      const size = (file: string) => gzipSync(readFileSync(join(OUT_DIR, file))).length;
      const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
      const list = (files: string[]) => files.map((file) => `${file} ${kb(size(file))}`).join(', ');
      const firstFiles = js.filter((file) => first.has(file));
      const total = firstFiles.reduce((sum, file) => sum + size(file), 0);
      if (!firstFiles.length)
        throw new Error('Bundle budget: index.html loads no JS that was built');
      console.log(
        `\nFirst-load JS: ${kb(total)} gzipped (budget ${kb(JS_BUDGET)}): ${list(firstFiles)}`,
      );
      console.log(`Lazy JS: ${list(js.filter((file) => !first.has(file))) || 'none'}`);
      if (total > JS_BUDGET)
        throw new Error(`First-load JS is over budget: ${kb(total)} > ${kb(JS_BUDGET)}`);
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
