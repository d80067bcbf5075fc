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
  it('compute the same keys as scrypt, one job per thread, the rest in line and in order', async () => {
    const threads = new HashThreads(1);
    const passwords = ['one', 'two', 'three', 'four'];
    const answered: number[] = [];
    const keys = passwords.map((password, i) =>
      threads.scrypt(job(password)).then((key) => (answered.push(i), key)),
    );
    // One thread for four jobs (threads start as jobs are handed out, within scrypt()).
    expect(threads.workersForTests()).toHaveLength(1);
    (await Promise.all(keys)).forEach((key, i) => {
      const { salt, keyLength, N, r, p } = job(passwords[i]!);
      expect(key).toEqual(scryptSync(passwords[i]!, salt, keyLength, { N, r, p }));
    });
    expect(answered).toEqual([0, 1, 2, 3]); // first in, first answered
    expect(threads.workersForTests()).toHaveLength(1);
  });

  it('start no more threads than their size', async () => {
    const threads = new HashThreads(2);
    const peak = () => threads.workersForTests().length;
    const seen = [0];
    const keys = ['a', 'b', 'c', 'd', 'e'].map((password) =>
      threads.scrypt(job(password)).then((key) => (seen.push(peak()), key)),
    );
    seen.push(peak());
    await Promise.all(keys);
    expect(Math.max(...seen)).toBe(2);
  });

  it('fail the job of a thread that dies, and run the next on a new thread', async () => {
    const threads = new HashThreads(1);
    // N = 2^16 takes a few hundred ms (64 MB): the thread is still on it when it is ended.
    const slow = threads.scrypt({ ...job('slow', 128 * 1024 * 1024), N: 65536 });
    const [dying] = threads.workersForTests();
    await new Promise((resolve) => dying!.once('online', resolve));
    await new Promise((resolve) => setTimeout(resolve, 50)); // into the hash
    void dying!.terminate();
    await expect(slow).rejects.toThrow(/hash thread exited/);
    const key = await threads.scrypt(job('next'));
    expect(key).toEqual(scryptSync('next', job('next').salt, 32, { N: 1024, r: 8, p: 1 }));
    const [fresh] = threads.workersForTests();
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(dying);
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
