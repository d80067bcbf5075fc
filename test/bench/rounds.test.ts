import { describe, expect, it } from 'vitest';
import { interleave } from '../../bench/lib/rounds.js';

/** Interleaves kinds `a` and `b`; each run returns its round and is logged as kind + round. */
async function twoKinds(
  rounds: number,
  options: Parameters<typeof interleave<'a' | 'b', number>>[3],
) {
  const calls: string[] = [];
  const out = await interleave(
    ['a', 'b'] as const,
    rounds,
    async (kind, round) => {
      calls.push(`${kind}${round}`);
      return round;
    },
    options,
  );
  return { calls, out };
}

describe('interleave', () => {
  it('runs the kinds in turn each round and drops the warm-up rounds', async () => {
    const { calls, out } = await twoKinds(2, { warmup: 1 });
    expect(calls).toEqual(['a-1', 'b-1', 'a0', 'b0', 'a1', 'b1']);
    expect(out).toEqual({ a: [0, 1], b: [0, 1] });
  });

  it("mirrored: ABC CBA each round, each kind's round the mirror of its two results", async () => {
    const calls: string[] = [];
    let tick = 0;
    const out = await interleave(
      ['a', 'b', 'c'],
      2,
      async (kind) => {
        calls.push(kind);
        return [tick++];
      },
      { mirror: (first, second) => [...first, ...second] },
    );
    expect(calls.join('')).toBe('abccbaabccba');
    // a ran first and last in its round: its two bursts straddle the others'.
    expect(out).toEqual({
      a: [
        [0, 5],
        [6, 11],
      ],
      b: [
        [1, 4],
        [7, 10],
      ],
      c: [
        [2, 3],
        [8, 9],
      ],
    });
  });

  it('mirrored with a warm-up: the warm-up round runs both ways too and is dropped', async () => {
    const { calls, out } = await twoKinds(1, {
      warmup: 1,
      mirror: (first, second) => first * 10 + second,
    });
    expect(calls).toEqual(['a-1', 'b-1', 'b-1', 'a-1', 'a0', 'b0', 'b0', 'a0']);
    expect(out).toEqual({ a: [0], b: [0] });
  });
});
