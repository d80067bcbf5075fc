import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workerFlags } from '../../bench/lib/workers.js';
import { SERVER_NODE_FLAGS } from '../../server/node-flags.js';

/**
 * Every place that starts the CLI passes the same node flags (server/node-flags.ts says why:
 * the bench must measure the server as deployed, and the flags are part of V8's code-cache check).
 */
describe('the server node flags', () => {
  const read = (file: string) => readFileSync(file, 'utf8');
  const flags = SERVER_NODE_FLAGS.join(' ');

  it('come before the CLI in npm run server and in both deployment examples', () => {
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts.server).toContain(`&& node ${flags} dist/server/cli.js`);
    expect(read('docs/deploy/parley.service')).toMatch(
      new RegExp(`^ExecStart=/usr/bin/node ${flags} dist/server/cli.js `, 'm'),
    );
    // The compose file lists the command one word a line.
    const command = /command:\n((?:\s+- .*\n)+)/.exec(read('docs/deploy/compose.yaml'))?.[1] ?? '';
    const words = [...command.matchAll(/- (\S+)/g)].map((m) => m[1]);
    expect(words.slice(0, SERVER_NODE_FLAGS.length + 2)).toEqual([
      'node',
      ...SERVER_NODE_FLAGS,
      'dist/server/cli.js',
    ]);
  });

  it('reach the bench servers, the reference among them, and not the load agents', () => {
    for (const script of ['bench/servers/parley.ts', 'bench/servers/reference.ts'])
      expect(workerFlags(script).slice(0, SERVER_NODE_FLAGS.length)).toEqual(SERVER_NODE_FLAGS);
    expect(workerFlags('bench/load/agent.ts')).not.toContain(SERVER_NODE_FLAGS[0]);
  });

  it('go before every start of the CLI in the tests and the bench', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? files(join(dir, entry.name))
          : entry.name.endsWith('.ts')
            ? [join(dir, entry.name)]
            : [],
      );
    const bare: string[] = [];
    const self = join('test', 'server', 'node-flags.test.ts');
    for (const file of [...files('test'), ...files('bench')].filter((f) => f !== self)) {
      const text = read(file);
      // node's arguments that begin with the CLI (the tests' `CLI`, or a copy's `entry`)…
      for (const m of text.matchAll(/execPath,\s*\[\s*(?:CLI|entry)\b/g))
        bare.push(`${file}@${m.index}`);
      // …or that name the bundle's entry with no SERVER_NODE_FLAGS just before (the start-up bench).
      for (const m of text.matchAll(/'dist\/server\/cli\.js'/g)) {
        const before = text.slice(Math.max(0, (m.index ?? 0) - 120), m.index);
        if (!before.includes('SERVER_NODE_FLAGS') && !before.endsWith('CLI = '))
          bare.push(`${file}@${m.index}`);
      }
    }
    expect(bare).toEqual([]);
  });

  it('are flags this Node takes (one it did not know would stop the server at start)', () => {
    const run = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, '-e', '0']);
    expect(run.stderr.toString()).toBe('');
    expect(run.status).toBe(0);
  });
});
