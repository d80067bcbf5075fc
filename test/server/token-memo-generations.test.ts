import jwt from 'jsonwebtoken';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TokenMemo } from '../../server/auth/token-memo.js';
import { TokenSigner } from '../../server/auth/tokens.js';

/**
 * The bounded memo behind TokenSigner (server/auth/token-memo.ts). What it was changed for, the
 * cost of an insert, is measured (docs/bench-connect-process-bias-2026-12-07.txt), not timed here.
 */
describe('TokenMemo', () => {
  it('never holds more than its limit, however many tokens pass through it', () => {
    const memo = new TokenMemo<{ n: number }>(10);
    for (let i = 0; i < 1000; i++) {
      memo.set(`t${i}`, { n: i });
      expect(memo.size).toBeLessThanOrEqual(10);
    }
  });

  it('keeps at least the last half of its limit, and forgets a token nobody renews', () => {
    const memo = new TokenMemo<{ n: number }>(10);
    for (let i = 0; i < 100; i++) memo.set(`t${i}`, { n: i });
    for (let i = 95; i < 100; i++) expect(memo.get(`t${i}`)).toEqual({ n: i });
    expect(memo.get('t0')).toBeUndefined();
    expect(memo.get('t89')).toBeUndefined();
  });

  it('keeps a token that is renewed while many others come and go; get alone does not', () => {
    const memo = new TokenMemo<{ hot: boolean }>(10);
    memo.set('renewed', { hot: true });
    memo.set('read only', { hot: true });
    for (let i = 0; i < 200; i++) {
      memo.set(`cold${i}`, { hot: false });
      if (i % 4 === 3) {
        const found = memo.get('renewed');
        expect(found).toEqual({ hot: true });
        if (found) memo.set('renewed', found);
        memo.get('read only');
      }
    }
    expect(memo.get('read only')).toBeUndefined();
    expect(memo.get('cold0')).toBeUndefined();
  });

  it('forgets a deleted token in either generation, and a set replaces a value', () => {
    const memo = new TokenMemo<{ n: number }>(4);
    memo.set('a', { n: 1 });
    memo.set('b', { n: 2 });
    memo.set('c', { n: 3 }); // 'a' and 'b' are now the previous generation
    memo.delete('a');
    expect(memo.get('a')).toBeUndefined();
    memo.set('b', { n: 20 });
    expect(memo.get('b')).toEqual({ n: 20 });
    memo.delete('c');
    expect(memo.get('c')).toBeUndefined();
    expect(memo.size).toBe(1);
  });

  it('refuses a limit that would not bound it', () => {
    for (const bad of [1, 0, -5, 2.5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => new TokenMemo(bad)).toThrow(RangeError);
  });
});

describe('TokenSigner', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('keeps a token in use remembered: checked by jsonwebtoken once, however many come after', () => {
    const signer = new TokenSigner(Buffer.alloc(32, 1), 'server', 60, 4);
    const sign = (i: number) => signer.sign({ id: i, username: `u${i}` }, i).token;
    const hot = sign(1);
    const others = Array.from({ length: 40 }, (_, i) => sign(i + 2));
    const checks = vi.spyOn(jwt, 'verify');
    signer.verify(hot);
    for (const token of others) {
      signer.verify(token);
      expect(signer.verify(hot).userId).toBe(1);
    }
    const hotChecks = checks.mock.calls.filter(([token]) => token === hot);
    expect(hotChecks).toHaveLength(1);
    expect(checks).toHaveBeenCalledTimes(41);
  });

  it('remembers no more tokens than its limit, and still verifies a forgotten one', () => {
    const signer = new TokenSigner(Buffer.alloc(32, 1), 'server', 60, 8);
    const tokens = Array.from(
      { length: 50 },
      (_, i) => signer.sign({ id: i + 1, username: `u${i}` }, i + 1).token,
    );
    for (const token of tokens) {
      signer.verify(token);
      expect(signer.rememberedCount).toBeLessThanOrEqual(8);
    }
    expect(signer.rememberedCount).toBeGreaterThanOrEqual(4);
    expect(signer.verify(tokens[0]).userId).toBe(1);
  });
});
