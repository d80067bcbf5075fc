import { spawnSync } from 'node:child_process';
import { constants, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect } from 'vitest';
import { sleep } from './helpers.js';

/** A plain JPEG. */
export const jpeg = (side: number) =>
  sharp({ create: { width: side, height: side, channels: 3, background: '#3060c0' } })
    .jpeg()
    .toBuffer();

/** The image workers this test process has started (children whose command names the entry). */
export const workerPids = () =>
  spawnSync('pgrep', ['-P', String(process.pid), '-f', 'image-worker'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .map(Number);

/** Whether the process `pid` exists. */
export const alive = (pid: number) => spawnSync('kill', ['-0', String(pid)]).status === 0;

/** A FIFO in `dir`: a reader's open (libvips') waits for a writer. */
export function fifo(dir: string, name: string): string {
  const path = join(dir, name);
  expect(spawnSync('mkfifo', [path]).status).toBe(0);
  return path;
}

/**
 * Opens `path` (a FIFO) for writing once someone has it open for reading: the descriptor; or
 * undefined once `stop()` says to stop waiting.
 */
export async function openedByReader(
  path: string,
  stop: () => boolean = () => false,
): Promise<number | undefined> {
  while (!stop()) {
    try {
      return openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (error) {
      // ENXIO: no reader yet.
      if ((error as NodeJS.ErrnoException).code !== 'ENXIO') throw error;
      await sleep(5);
    }
  }
  return undefined;
}

/** Waits (at most `ms`) until `done()`; whether it came true. */
export async function until(done: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await sleep(5);
  return done();
}

/** The sizes of the files in `dir` (none when it does not exist). */
export function fileSizes(dir: string): number[] {
  try {
    return readdirSync(dir).map((name) => statSync(join(dir, name)).size);
  } catch {
    return [];
  }
}

/** A promise's outcome, never rejecting. */
export const settled = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
