import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's own defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on… */
const ELECTRON_DEFAULT_WIRE = '10110001';

/**
 * A STAND-IN for Electron's dist folder: the real runtime cannot be downloaded on this machine.
 * Its "electron" executable is a shell script that refuses to run, carrying Electron's fuse
 * sentinel and a fuse wire with Electron's defaults, so electron-builder's fuse flipping can be
 * checked. Nothing here shows that the packaged app runs; only what went into the package.
 */
function standInElectronDist(under: string): string {
  const dir = join(under, 'electron-dist');
  mkdirSync(dir);
  const wire = Buffer.concat([
    Buffer.from(`#!/bin/sh\necho "stand-in Electron, not a runtime" >&2\nexit 1\n# ${SENTINEL}`),
    Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]),
    Buffer.from(`${ELECTRON_DEFAULT_WIRE}\n`),
  ]);
  writeFileSync(join(dir, 'electron'), wire);
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'version'), '45.5.0');
  return dir;
}

// NODE_ENV=production as `npm run dist` has it: vitest sets `test`, which would make Vite ship
// React's development build (bigger, slower, and over the bundle budget).
const env = { ...process.env, NODE_ENV: 'production' };
const run = (args: string[]) =>
  execFileSync(process.execPath, args, { stdio: 'pipe', encoding: 'utf8', env });

// Not the per-test temp dirs of test/server/helpers: these live for the whole file.
const work = mkdtempSync(join(tmpdir(), 'parley-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let unpacked = '';

/** Builds the app and packs it once (`--dir`: the unpacked app, no installer), ~10 s. */
beforeAll(() => {
  run(['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn']);
  execFileSync('npm', ['run', '--silent', 'build:desktop'], { stdio: 'pipe' });
  const output = join(work, 'release');
  run([
    'node_modules/electron-builder/cli.js',
    '--config',
    'electron-builder.yml',
    '--linux',
    '--dir',
    `-c.electronDist=${standInElectronDist(work)}`,
    // Rebuilding better-sqlite3 for Electron downloads Electron's headers: not possible here.
    '-c.npmRebuild=false',
    `-c.directories.output=${output}`,
  ]);
  unpacked = join(output, 'linux-unpacked');
}, 120_000);

describe('packaging with electron-builder (stand-in Electron runtime)', () => {
  it('packs main, preload, renderer and server into app.asar, and unpacks SQLite and sharp', () => {
    const files = new Set(listPackage(join(unpacked, 'resources/app.asar'), { isPack: false }));
    const main = JSON.parse(readFileSync('package.json', 'utf8')).main as string;
    for (const file of [
      `/${main}`,
      '/dist/main/preload.cjs',
      '/dist/renderer/index.html',
      '/dist/node/server/host-entry.js',
      '/dist/node/server/create-chat-server.js',
      '/main/assets/icon.png',
      '/node_modules/socket.io/package.json',
      '/node_modules/better-sqlite3/package.json',
      '/node_modules/sharp/package.json',
      // ESM only: the server (tsc output, not bundled) imports it from node_modules.
      '/node_modules/file-type/package.json',
    ])
      expect(files.has(file), file).toBe(true);
    // Only built output: no sources, tests or source maps of ours, no front-end packages.
    const ours = [...files].filter((file) => !file.startsWith('/node_modules/'));
    for (const file of ours)
      expect(file).not.toMatch(/\.(ts|tsx|map)$|^\/(server|renderer|test)\//);
    expect(files.has('/node_modules/react/package.json')).toBe(false);

    const sqlite = join(
      unpacked,
      'resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    );
    expect(existsSync(sqlite)).toBe(true);

    // sharp's binding and the libvips it links to, for this platform, outside the archive.
    const img = join(unpacked, 'resources/app.asar.unpacked/node_modules/@img');
    const platform = `${process.platform}-${process.arch}`;
    const binding = join(img, `sharp-${platform}/lib`);
    expect(existsSync(binding) && readdirSync(binding).some((f) => f.endsWith('.node'))).toBe(true);
    const libvips = join(img, `sharp-libvips-${platform}/lib`);
    expect(existsSync(libvips) && readdirSync(libvips).some((f) => f.includes('libvips'))).toBe(
      true,
    );
    expect(existsSync(join(img, '../sharp/package.json'))).toBe(true);
  });

  it('flips the security fuses in the executable', async () => {
    const wire = await getCurrentFuseWire(join(unpacked, 'parley'));
    const state = (fuse: FuseV1Options) => String.fromCharCode(wire[fuse] as number);
    expect(state(FuseV1Options.RunAsNode)).toBe('0');
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe('0');
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe('0');
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe('1');
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe('1');
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe('1');
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe('0');
  });
});
