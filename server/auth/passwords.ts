import { randomBytes, timingSafeEqual } from 'node:crypto';
import { HashThreads } from './hash-threads.js';

const KEY_LENGTH = 32;
const R = 8;
const P = 1;

/** One set of hash threads per process: every server in it shares the cores. */
const threads = new HashThreads();

function derive(password: string, salt: Buffer, N: number): Promise<Buffer> {
  // 128 * N * r bytes is what scrypt needs; give it that plus headroom.
  const job = { password: password.normalize('NFKC'), salt, keyLength: KEY_LENGTH, N, r: R, p: P };
  return threads.scrypt({ ...job, maxmem: 256 * N * R });
}

/** Hashes with scrypt and a fresh 16-byte salt: `scrypt$N$r$p$salt$key`, base64 fields. */
export async function hashPassword(password: string, N: number): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N);
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Checks a password against a stored hash in constant time. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key || Number(r) !== R || Number(p) !== P) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), Number(n));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
