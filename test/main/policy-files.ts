import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadOptions } from '../../main/policy';
import { tempDir } from '../server/helpers';

/*
 * Policy files for tests. Main trusts only a file that root owns and alone can write (on Linux and
 * macOS). CI runs as root, so these files are root's there; run unprivileged, they are the
 * tester's, and the tests say so with `ownerUid`. Either way the real checks run.
 */

/** Who the tests' own files belong to: this process's user. */
export const THIS_USER: number = process.getuid?.() ?? 0;

/** Loading as the tests' user, logging to a list. */
export function asTester(logged: string[] = []): LoadOptions {
  return { ownerUid: THIS_USER, log: (line) => logged.push(line) };
}

/**
 * Writes `policy.json` (an object as JSON, a string as it is) in a fresh folder that only this
 * user can write (mkdtemp: 0700), with mode 644 whatever the umask.
 */
export function writePolicy(content: string | object): string {
  const file = join(tempDir(), 'policy.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  chmodSync(file, 0o644);
  return file;
}
