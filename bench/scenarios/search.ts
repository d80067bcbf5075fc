import type { SearchCorpus } from '../servers/search-seed.js';
import { startPair, stopPair, type BenchOptions } from '../lib/context.js';
import { repeat } from '../lib/stats.js';

/** A fixed-seed generator, so that every run asks the same queries. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * `count` queries of each kind. Words come from ranks 10 to 1,000 of the vocabulary (what people
 * look for: neither "the" nor a typo), `common` from the ten most frequent (in most messages);
 * phrases are two words in a row that occur. Queries are sent as typed: the last word is also
 * a prefix (see the protocol), the costlier reading.
 */
function queries({ words, phrases }: SearchCorpus, count: number) {
  const next = random(99);
  const word = (from: number, to: number) => words[from + Math.floor(next() * (to - from))] ?? '';
  const many = (make: () => string) => Array.from({ length: count }, make);
  return {
    oneWord: many(() => word(10, 1000)),
    twoWords: many(() => `${word(10, 1000)} ${word(10, 1000)}`),
    threeWords: many(() => `${word(10, 1000)} ${word(10, 1000)} ${word(10, 1000)}`),
    phrase: many(() => `"${phrases[Math.floor(next() * phrases.length)]}"`),
    commonWord: many(() => word(0, 10)),
  };
}

/**
 * Scenario 9 (issue 13): search latency. 1,000,000 messages over 100 rooms (20 authors, words
 * drawn by Zipf's law from 5,000), seeded straight into the database (the index triggers fill
 * the index); the searcher is a member of 50 of the rooms. Each run times 200 first pages of
 * each kind of query, one after another, over a socket. Goal: p99 under 50 ms.
 */
export async function search(options: BenchOptions) {
  const messages = options.quick ? 100_000 : 1_000_000;
  const pair = await startPair('parley');
  const { auths } = await pair.server.call<{ auths: object[] }>('users', { count: 1 });
  const seeded = await pair.server.call<SearchCorpus & { ms: number }>('searchSeed', {
    messages,
    rooms: 100,
    joined: 50,
  });
  await pair.load.call('connect', { url: pair.url, auths });
  const results: Record<string, unknown> = {};
  for (const [kind, list] of Object.entries(queries(seeded, options.quick ? 50 : 200))) {
    results[kind] = await repeat(options.runs, () =>
      pair.load.call<{ p50: number; p99: number; hits: number }>('search', { queries: list }),
    );
  }
  await stopPair(pair);
  return { messages, rooms: 100, joined: 50, seedMs: seeded.ms, ...results, goalP99Ms: 50 };
}
