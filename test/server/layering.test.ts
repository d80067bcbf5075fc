import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SERVER = resolve(import.meta.dirname, '../../server');

/** The value imports (not `import type`) of `../socket/` in the .ts files under `dir`. */
function socketImports(dir: string): string[] {
  return readdirSync(join(SERVER, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .flatMap((entry) => {
      const file = join(entry.parentPath, entry.name);
      const imports = readFileSync(file, 'utf8').match(
        /^import (?!type )[^;]*from '[./]*socket\//gm,
      );
      return (imports ?? []).map((line) => `${file.slice(SERVER.length + 1)}: ${line}`);
    });
}

describe('layering', () => {
  it('accounts, administration, people, storage and HTTP call no socket code', () => {
    // They describe what they need (Revoker, UserRevoker, AccountNotifier) and are given it by
    // create-chat-server.ts; types of the socket layer may be named, code may not be called.
    expect(['auth', 'admin', 'people', 'storage', 'http'].flatMap(socketImports)).toEqual([]);
  });
});
