import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI_BUNDLE } from '../cli-server.js';

/**
 * The CLI that `npm run server` runs is one esbuild bundle (`npm run bundle:server`, built by
 * the global setup). lazy-modules.test.ts shows, from the sources, that these packages load only
 * when used; that holds for the bundle only while each stays outside it, imported at run time.
 * A package bundled in would run nothing more at start, but would be parsed at every start
 * (and sharp, a native addon, cannot be bundled at all). So: each is still an import of the
 * package by name, and none of its code is in the file (a string only its sources hold).
 */
const LAZY = [
  { name: 'tar', imported: 'require("tar")', only: 'TAR_BAD_ARCHIVE' },
  { name: 'file-type', imported: 'require("file-type")', only: 'fileTypeFromTokenizer' },
  { name: 'sharp', imported: 'require("sharp")', only: 'Could not load the "sharp" module' },
  { name: 'prom-client', imported: '"prom-client"', only: 'process_cpu_user_seconds_total' },
];

describe('the bundled CLI', () => {
  const bundle = readFileSync(CLI_BUNDLE, 'utf8');

  // Each import() of them is a require() there (the bundle is CommonJS: cli-cached.ts).
  it.each(LAZY)('leaves $name outside, loaded when used', ({ imported, only }) => {
    expect(bundle).toContain(imported);
    expect(bundle).not.toContain(only);
  });

  it('is strict throughout, as the ES modules it is made from, and has no import()', () => {
    // The first statement after the hashbang: a directive only there (the banner comes first).
    expect(bundle.split('\n')[1]).toMatch(/^'use strict';/);
    // vm.Script runs import() only with --experimental-vm-modules (cli-cached.ts).
    expect(bundle).not.toMatch(/(?<![\w.])import\(\s*["'`]/);
  });

  it('still holds what it runs at every start (the check above can see a bundled package)', () => {
    // socket.io's own error text: if this were missing, the absence checks would prove nothing.
    expect(bundle).toContain('Invalid namespace');
    expect(bundle.length).toBeGreaterThan(1_000_000);
  });
});
