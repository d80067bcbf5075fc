import { spawn } from 'node:child_process';
import { scryptSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HashThreads } from '../../server/auth/hash-threads.js';
import { hashPassword, verifyPassword } from '../../server/auth/passwords.js';

const job = (password: string, maxmem = 64 * 1024 * 1024) => ({
  password,
  salt: Buffer.from('0123456789abcdef'),
  keyLength: 32,
  N: 1024,
  r: 8,
  p: 1,
  maxmem,
});

/** Nice values of this process's threads, or of one (field 19 of /proc/self/task/<tid>/stat). */
function niceValues(only?: string): number[] {
  return (only ? [only] : readdirSync('/proc/self/task')).flatMap((tid) => {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // The command name may hold spaces: fields are counted after its closing parenthesis.
      return [Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])];
    } catch {
      return []; // the thread ended meanwhile
    }
  });
}

/**
 * Password hashes run on threads of their own below normal priority (on Linux), not on libuv's
 * pool at the event loop's: a login storm must not slow the chat on a busy core.
 */
describe('hash threads', () => {
  it('compute the same keys as scrypt, one job per thread, the rest in line', async () => {
    const threads = new HashThreads(1);
    const passwords = ['one', 'two', 'three', 'four'];
    const keys = await Promise.all(passwords.map((password) => threads.scrypt(job(password))));
    passwords.forEach((password, i) => {
      const { salt, keyLength, N, r, p } = job(password);
      expect(keys[i]).toEqual(scryptSync(password, salt, keyLength, { N, r, p }));
    });
  });

  it('run below normal priority on Linux, and leave the rest of the process where it was', async () => {
    if (process.platform !== 'linux') return;
    const main = () => niceValues(String(process.pid))[0];
    // Threads inherit their creator's nice: in a process already at 10 this could not tell.
    if ((main() ?? 0) >= 10) return;
    const before = main();
    const mine = niceValues();
    const lowered = (values: number[]) => values.filter((nice) => nice === 10).length;
    const threads = new HashThreads(2);
    await Promise.all([threads.scrypt(job('a')), threads.scrypt(job('b'))]);
    const after = niceValues();
    // Two threads more at 10; this (the main) thread and the others as they were.
    expect(lowered(after)).toBe(lowered(mine) + 2);
    expect(main()).toBe(before);
  });

  it('fail a job scrypt refuses, and keep answering the next', async () => {
    const threads = new HashThreads(1);
    await expect(threads.scrypt(job('x', 1024))).rejects.toThrow(/scrypt failed.*memory/i);
    expect(await threads.scrypt(job('y'))).toHaveLength(32);
  });

  it('hold the process up while a hash runs, and not once it is done', async () => {
    // The second hash runs on a thread already up and idle (unref'd): it must hold the process.
    const code = `import { hashPassword } from './server/auth/passwords.ts';
      console.log(await hashPassword('first', 16384));
      console.log(await hashPassword('second', 16384));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code]);
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(0);
    expect(out).toMatch(/^(scrypt\$16384\$8\$1\$\S+\n){2}$/);
    // The idle thread waits 30 s for more work but does not keep the process up: were it to,
    // this test would time out first.
  }, 20_000);

  it('back hashPassword and verifyPassword', async () => {
    const hash = await hashPassword('correct horse', 1024);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('wrong horse', hash)).toBe(false);
  });
});
