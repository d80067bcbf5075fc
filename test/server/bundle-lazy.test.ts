import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
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
  // The cluster's drivers and limits, a third of the bundle they were in, for a node only.
  { name: 'redis', imported: 'require("redis")', only: 'Socket closed unexpectedly' },
  {
    name: '@socket.io/redis-streams-adapter',
    imported: 'require("@socket.io/redis-streams-adapter")',
    only: 'something went wrong while consuming the stream',
  },
  {
    name: 'rate-limiter-flexible',
    imported: 'require("rate-limiter-flexible")',
    only: 'storeClient is not set',
  },
  { name: 'pg', imported: 'require("pg")', only: 'Client has already been connected' },
  // Made once, by the first start with TLS and no certificate of its own (tls/make-certificate.ts).
  {
    name: '@peculiar/x509',
    imported: 'require("@peculiar/x509")',
    only: 'Cannot serialize data in text format',
  },
  // Loaded on the first name to compare (server/names.ts), not by a start.
  { name: 'unhomoglyph', imported: '("unhomoglyph")', only: 'REPLACE_RE' },
];

/**
 * Loaded at every start, but from `node_modules`, so that only the files used are read: the
 * body parser's iconv-lite loads its code-page tables for a body in such a charset only, and
 * mime-db is one JSON file, which JSON.parse reads faster than the same data as code.
 */
const OUTSIDE = [
  { name: 'iconv-lite', imported: 'require("iconv-lite")', only: '"gb18030"' },
  { name: 'mime-db', imported: 'require("mime-db")', only: 'application/x-virtualbox-vbox' },
];

describe('the bundled CLI', () => {
  const bundle = readFileSync(CLI_BUNDLE, 'utf8');

  // Each import() of them is a require() there (the bundle is CommonJS: cli-cached.ts).
  it.each(LAZY)('leaves $name outside, loaded when used', ({ imported, only }) => {
    expect(bundle).toContain(imported);
    expect(bundle).not.toContain(only);
  });

  it.each(OUTSIDE)('leaves $name outside, loaded from node_modules', ({ imported, only }) => {
    expect(bundle).toContain(imported);
    expect(bundle).not.toContain(only);
  });

  it('finds iconv-lite and mime-db where the packages that load them would', () => {
    // From node_modules by name: what the bundle gets is whatever npm hoisted to the top. The
    // body parser's and express's own resolution must land on the same files, or the bundle
    // would hand them another version than they were installed with.
    const fromBundle = createRequire(resolve(CLI_BUNDLE));
    const via = (user: string, name: string) =>
      createRequire(fromBundle.resolve(user)).resolve(name);
    expect(fromBundle.resolve('iconv-lite')).toBe(via('raw-body', 'iconv-lite'));
    expect(fromBundle.resolve('iconv-lite')).toBe(via('body-parser', 'iconv-lite'));
    // express's. The `accepts` nested in engine.io and socket.io had an older copy (1.52); they
    // get this newer one, a superset, and ask `accepts` for encodings only anyway.
    expect(fromBundle.resolve('mime-db')).toBe(via('mime-types', 'mime-db'));
  });

  it("carries none of zod's locales but English (import * as z: eslint.config.js)", () => {
    // Words of the French and Spanish messages; the English ones are what the server says.
    expect(bundle).not.toContain('adresse e-mail');
    expect(bundle).not.toContain('correo electr');
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
