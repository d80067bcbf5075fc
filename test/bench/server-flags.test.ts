import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_V8_FLAGS } from '../../bench/lib/workers.js';

/**
 * The bench measures the server with the V8 flags it is deployed with: `npm run server` and the
 * deployment examples must pass the same ones, or the bench's figures are of another server.
 */
describe('the server V8 flags', () => {
  const read = (file: string) => readFileSync(file, 'utf8');
  const [flag] = SERVER_V8_FLAGS;

  it('are one young-generation size, passed before the CLI wherever the CLI is started', () => {
    expect(SERVER_V8_FLAGS).toEqual(['--max-semi-space-size=64']);
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts.server).toContain(`node ${flag} dist/server/cli.js`);
    expect(read('docs/deploy/parley.service')).toMatch(
      new RegExp(`^ExecStart=/usr/bin/node ${flag} dist/server/cli.js `, 'm'),
    );
    expect(read('docs/deploy/compose.yaml')).toMatch(
      new RegExp(`- node\\n\\s+- ${flag}\\b.*\\n\\s+- dist/server/cli.js`),
    );
  });

  it('are understood by this Node (a flag it did not know would stop the server at start)', async () => {
    const { spawnSync } = await import('node:child_process');
    const run = spawnSync(process.execPath, [...SERVER_V8_FLAGS, '-e', 'process.exit(0)']);
    expect(run.stderr.toString()).toBe('');
    expect(run.status).toBe(0);
    const bad = spawnSync(process.execPath, ['--max-semi-space-sizes=64', '-e', '0']);
    expect(bad.status).not.toBe(0);
  });
});
