import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backupDataDir, backupFileName } from './backup.js';
import { restoreDataDir } from './restore.js';

/** Whether `argv` (without node and the script) asks for a subcommand rather than a server. */
export const isOpsCommand = (argv: string[]): boolean =>
  argv[0] === 'backup' || argv[0] === 'restore';

/**
 * Runs `backup` or `restore` and resolves with what it printed. Unknown flags and missing
 * required ones throw, as the server's own flags do.
 */
export async function runOpsCommand(argv: string[]): Promise<string> {
  const [command, ...rest] = argv;
  if (command === 'backup') {
    const { values } = parseArgs({
      args: rest,
      strict: true,
      options: { data: { type: 'string', default: './data' }, out: { type: 'string' } },
    });
    if (!values.out) throw new Error('backup: --out FILE (or a folder) is required');
    const out = resolve(values.out);
    const folder = existsSync(out) && statSync(out).isDirectory();
    const file = folder ? join(out, backupFileName(Date.now())) : out;
    const done = await backupDataDir(values.data, file);
    const at = new Date(done.at).toISOString();
    return `Backed up ${values.data} as of ${at} to ${done.file} (${done.bytes} bytes).`;
  }
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: { from: { type: 'string' }, data: { type: 'string' } },
  });
  // No default data dir here: restoring should name where it writes.
  if (!values.from || !values.data)
    throw new Error('restore: --from FILE and --data DIR are required');
  await restoreDataDir(values.from, values.data);
  return `Restored ${values.from} into ${values.data}. Start the server with --data ${values.data}.`;
}
