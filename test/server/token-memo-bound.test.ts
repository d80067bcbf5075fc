import { describe, expect, it } from 'vitest';
import { TokenMemo } from '../../server/auth/token-memo.js';

/** The bounded memo behind TokenSigner (server/auth/token-memo.ts), on its own. */
describe('TokenMemo', () => {
  it('never holds more than its limit, however many tokens pass through it', () => {
    const memo = new TokenMemo<number>(10);
    for (let i = 0; i < 1000; i++) {
      memo.set(`t${i}`, i);
      expect(memo.size).toBeLessThanOrEqual(10);
    }
  });

  it('keeps at least the last half of its limit, and forgets a token nobody uses', () => {
    const memo = new TokenMemo<number>(10);
    for (let i = 0; i < 100; i++) memo.set(`t${i}`, i);
    for (let i = 95; i < 100; i++) expect(memo.get(`t${i}`)).toBe(i);
    expect(memo.get('t0')).toBeUndefined();
    expect(memo.get('t89')).toBeUndefined();
  });

  it('keeps a token that is used, while many others come and go', () => {
    const memo = new TokenMemo<string>(10);
    memo.set('hot', 'claims');
    for (let i = 0; i < 200; i++) {
      memo.set(`cold${i}`, 'x');
      if (i % 4 === 3) expect(memo.get('hot')).toBe('claims');
    }
    expect(memo.get('cold0')).toBeUndefined();
  });

  it('forgets a deleted token in either generation, and a set replaces a value', () => {
    const memo = new TokenMemo<number>(4);
    memo.set('a', 1);
    memo.set('b', 2);
    memo.set('c', 3); // 'a' and 'b' are now the previous generation
    memo.delete('a');
    expect(memo.get('a')).toBeUndefined();
    memo.set('b', 20);
    expect(memo.get('b')).toBe(20);
    memo.delete('c');
    expect(memo.get('c')).toBeUndefined();
    expect(memo.size).toBe(1);
  });
});
