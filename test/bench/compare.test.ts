import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compare, figures, formatChanges } from '../../bench/lib/compare.js';
import { headlineGoals } from '../../bench/lib/goals.js';

const resultsOf = (name: string) =>
  (JSON.parse(readFileSync(`bench/results/${name}`, 'utf8')) as { results: unknown }).results;

// Excerpts of real result files: the old shape (2026-11-29T07-46-33 and …07-49-54).
const before = {
  connect: {
    count: 5000,
    results: {
      parley: { serverCpuUsPerConnection: { median: 301.234, min: 259.9608, max: 372.5384 } },
      reference: { serverCpuUsPerConnection: { median: 748.768, min: 672.1028, max: 863.2928 } },
    },
    authOverheadParley: 0.47732957209358884,
  },
};
// The new shape adds per-round ratios (with each round's value) and raw rounds.
const after = {
  connect: {
    count: 5000,
    results: {
      parley: { serverCpuUsPerConnection: { median: 387.9026, min: 374.033, max: 392.6778 } },
      reference: { serverCpuUsPerConnection: { median: 864.5712, min: 861.2874, max: 866.7104 } },
      'parley-no-auth': { serverCpuUsPerConnection: { median: 323, min: 320, max: 332 } },
    },
    ratios: {
      'parley/parley-no-auth': {
        median: 1.2,
        min: 1.17,
        max: 1.22,
        perRound: [1.2, 1.17, 1.22],
        spread: 1.04,
      },
    },
    authOverheadParley: 0.19785875304943956,
    perRound: { parley: [{ serverCpuUsPerConnection: 387.9 }] },
  },
};

describe('figures', () => {
  it('flattens Spreads and bare numbers by path, leaving out arrays and raw rounds', () => {
    const found = figures(after);
    expect(found.get('connect › results › parley › serverCpuUsPerConnection')).toEqual({
      median: 387.9026,
      min: 374.033,
      max: 392.6778,
      spread: true,
    });
    expect(found.get('connect › ratios › parley/parley-no-auth')?.median).toBe(1.2);
    expect(found.get('connect › count')).toEqual({
      median: 5000,
      min: 5000,
      max: 5000,
      spread: false,
    });
    expect([...found.keys()].some((path) => path.includes('perRound'))).toBe(false);
  });
});

describe('compare', () => {
  it('pairs the figures in both files and flags only ranges that do not overlap', () => {
    const changes = compare(before, after);
    expect(changes.map((c) => c.path)).toEqual([
      'connect › count',
      'connect › results › parley › serverCpuUsPerConnection',
      'connect › results › reference › serverCpuUsPerConnection',
      'connect › authOverheadParley',
    ]);
    const byPath = Object.fromEntries(changes.map((c) => [c.path, c]));
    // 374–393 lies above 260–373: beyond both spreads.
    expect(byPath['connect › results › parley › serverCpuUsPerConnection']?.verdict).toBe('up');
    expect(byPath['connect › results › parley › serverCpuUsPerConnection']?.ratio).toBeCloseTo(
      387.9026 / 301.234,
    );
    // 861–867 overlaps 672–863 (at 861–863): within the noise.
    expect(byPath['connect › results › reference › serverCpuUsPerConnection']?.verdict).toBe(
      'within',
    );
    // Disjoint ranges but a 1 % move: below MIN_CHANGE.
    const tiny = compare(
      { r: { median: 1.007, min: 1.007, max: 1.007 } },
      { r: { median: 0.997, min: 0.993, max: 1 } },
    );
    expect(tiny[0]?.verdict).toBe('within');
    // A bare number has no spread to judge by.
    expect(byPath['connect › authOverheadParley']?.verdict).toBe('unknown');
    expect(
      compare(after, before).find((c) => c.path.endsWith('parley › serverCpuUsPerConnection'))
        ?.verdict,
    ).toBe('down');
  });

  it('reads two real result files', () => {
    const changes = compare(
      resultsOf('2026-11-29T07-46-33-197Z.json'),
      resultsOf('2026-11-29T07-49-54-530Z.json'),
    );
    // The second file holds connect only: every shared figure is a connect figure.
    expect(changes.length).toBe(27);
    expect(changes.every((c) => c.path.startsWith('connect › '))).toBe(true);
    const lines = formatChanges(changes);
    expect(lines.at(-1)).toBe('27 figures in both; 6 moved beyond their spreads');
    expect(lines.filter((line) => line.includes('<<<')).length).toBe(6);
  });
});

describe('headlineGoals', () => {
  it('judges the auth overhead from the per-round ratio and marks an unsteady one', () => {
    const goals = headlineGoals(after);
    expect(goals).toHaveLength(1);
    expect(goals[0]?.verdict).toBe('not met');
    expect(goals[0]?.figure).toContain('+20.0 %');
    const unsteady = headlineGoals({
      connect: { ratios: { 'parley/parley-no-auth': { median: 1.05, min: 0.9, max: 1.3 } } },
    });
    expect(unsteady[0]?.verdict).toBe('met');
    expect(unsteady[0]?.figure).toContain('unsteady');
  });

  it('reports the in-process auth path in µs a new token adds, without judging it', () => {
    const [line] = headlineGoals({
      auth: {
        overhead: 0.9,
        reconnectOverhead: -0.05,
        parleyUsPerHandshake: { median: 34.2, min: 30, max: 40 },
        noAuthUsPerHandshake: { median: 18, min: 17, max: 20 },
      },
    });
    expect(line?.verdict).toBe('n/a');
    expect(line?.figure).toBe(
      "a new token 34.2 µs against 18.0 µs without auth (medians; per-round ratios' median +90.0 %), a known one -5.0 %",
    );
  });

  it('judges fan-out p99 only at the rates the reference held in every round', () => {
    const p99 = (median: number, held: number, ran: number) => ({
      median,
      min: median,
      max: median,
      held,
      ran,
    });
    const goals = headlineGoals({
      fanout: {
        '1 room x 500': {
          p99ByRate: {
            parley: { '50': p99(20, 1, 1), '200': p99(300, 0, 1) },
            reference: { '50': p99(15, 1, 1), '200': p99(260, 0, 1) },
          },
        },
      },
    });
    expect(goals).toEqual([expect.objectContaining({ verdict: 'met', figure: '50/s +5.0 ms' })]);
  });

  it('calls a rate ratio a floor, not a miss, when parley held every step of the ladder', () => {
    const ratio = { median: 1.01, min: 1.0, max: 1.02 };
    const topology = (failedRate: number | null) => ({
      ratios: { 'parley/reference': { deliveredPerSec: ratio } },
      perRound: { parley: [{ failedRate }, { failedRate }] },
    });
    const held = headlineGoals({ fanout: { '10 rooms x 50': topology(null) } });
    expect(held[0]).toMatchObject({ verdict: 'n/a' });
    expect(held[0]?.figure).toContain('a floor');
    const failed = headlineGoals({ fanout: { '10 rooms x 50': topology(800) } });
    expect(failed[0]).toMatchObject({ verdict: 'not met' });
  });
});
