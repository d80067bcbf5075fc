import { chmodSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../server/cli-args.js';
import { tempDir } from './helpers.js';

/** A secret file as `openssl rand -base64 32` makes it, with `mode`. */
function secretFile(mode: number, bytes = 32): { file: string; secret: string } {
  const secret = randomBytes(bytes).toString('base64');
  const file = join(tempDir(), 'jwt-secret');
  writeFileSync(file, secret + '\n');
  chmodSync(file, mode);
  return { file, secret };
}

describe('the CLI as a node of several', () => {
  it('takes --database and --redis, or the same from the environment', () => {
    const flags = parseCli(['--database', 'postgres://db/p', '--redis', 'redis://r:6379'], {});
    expect(flags.options).toMatchObject({ database: 'postgres://db/p', redis: 'redis://r:6379' });
    const env = parseCli([], {
      PARLEY_DATABASE_URL: 'postgresql://u:pw@db/p',
      PARLEY_REDIS_URL: 'rediss://r',
    });
    expect(env.options).toMatchObject({ database: 'postgresql://u:pw@db/p', redis: 'rediss://r' });
    // The flag wins over the environment.
    expect(
      parseCli(['--database', 'postgres://flag/p'], { PARLEY_DATABASE_URL: 'postgres://env/p' })
        .options.database,
    ).toBe('postgres://flag/p');
  });

  it('reads the shared secret from --jwt-secret-file, refusing one others can read', () => {
    const good = secretFile(0o600);
    const fromFile = parseCli(['--jwt-secret-file', good.file], {}).options.jwtSecret;
    // The file's text is the secret, as the same text in the environment is: nodes given it
    // either way sign alike.
    expect(fromFile).toBe(good.secret);
    expect(fromFile).toBe(parseCli([], { PARLEY_JWT_SECRET: good.secret }).options.jwtSecret);
    const open = secretFile(0o644);
    expect(() => parseCli(['--jwt-secret-file', open.file], {})).toThrow(/readable by other users/);
    const short = secretFile(0o600, 16); // 24 characters
    expect(() => parseCli(['--jwt-secret-file', short.file], {})).toThrow(/fewer than 32 bytes/);
    expect(() =>
      parseCli(['--jwt-secret-file', good.file], { PARLEY_JWT_SECRET: 'x'.repeat(40) }),
    ).toThrow(/give one of them/);
  });
});
