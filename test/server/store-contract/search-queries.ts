import { expect, it } from 'vitest';
import type { StoreKind } from './harness.js';
import { made, people } from './room-people.js';
import { searchOf, searchWrites, textsOf } from './search-writes.js';

const DAY = 86_400_000;
/** `YYYY-MM-DD` of a time. */
const dayOf = (at: number) => new Date(at).toISOString().slice(0, 10);

/** Queries that could trip a store's engine: operators of its own syntax, quotes, length. */
const HOSTILE = [
  ...String.raw`' " '' \ \' & | ! :* () ( ) <-> <2> !!star !star star:* 'star':* (star star)
    star:A st\ar "star star" "star"* NEAR(star * -star ^star`.split(/\s+/),
  'star & near',
  'star | zzz',
  'AND OR NOT',
  `'; DROP TABLE messages; --`,
  '\u0000star',
  '🎉',
  'star '.repeat(400),
  'x'.repeat(5000),
  'é'.repeat(3000),
  `${'ab '.repeat(30)}star`,
  `${'"'.repeat(99)}star`,
];

/** Filters, the query's syntax, and queries no store may fail on. */
export function searchQueries(kind: StoreKind): void {
  it('narrows by from:, in:, before:, after:, has:link and has:file, with words or alone', async () => {
    const db = await kind.fresh();
    const store = await db.open();
    const write = searchWrites(db.seed);
    const [ann = 0, bob = 0] = await people(store, ['ann', 'bob']);
    const [general = 0] = await store.memberRoomIds(ann);
    const dev = await made(store, ann, 'Dev');
    await store.addMember(dev, bob);
    const day = Date.UTC(2026, 5, 10);
    await write.post(general, ann, 'lunch in general', { at: day - DAY });
    await write.post(dev, bob, 'lunch from bob, see HTTPS://example.com/menu', { at: day });
    await write.post(dev, ann, 'lunch in dev, at http ok', { at: day + DAY });
    const minutes = await write.post(general, ann, 'minutes of the meeting', { at: day });
    await write.attach(minutes, ann);
    const texts = textsOf(store, ann);
    expect(await texts('lunch from:@BOB')).toEqual([
      'lunch from bob, see HTTPS://example.com/menu',
    ]);
    expect(await texts('from:@bob')).toEqual(['lunch from bob, see HTTPS://example.com/menu']);
    expect(await texts('lunch in:#dev')).toHaveLength(2);
    expect(await texts('lunch has:link')).toEqual(['lunch from bob, see HTTPS://example.com/menu']);
    expect(await texts('has:link')).toEqual(['lunch from bob, see HTTPS://example.com/menu']);
    expect(await texts('example')).toEqual(['lunch from bob, see HTTPS://example.com/menu']);
    expect(await texts(`lunch before:${dayOf(day)}`)).toEqual(['lunch in general']);
    expect(await texts(`lunch after:${dayOf(day)}`)).toEqual(['lunch in dev, at http ok']);
    expect(await texts(`in:#general after:${dayOf(day - 2 * DAY)}`)).toEqual([
      'lunch in general',
      'minutes of the meeting',
    ]);
    expect(await texts('has:file')).toEqual(['minutes of the meeting']);
    expect(await texts('meeting has:file')).toEqual(['minutes of the meeting']);
    expect(await texts('lunch has:file')).toEqual([]);
    const [carried] = (await searchOf(store, ann)('has:file')).hits;
    expect(carried?.message.attachments).toHaveLength(1);
    // A filter that names nothing is reported and matches nothing; one known among several will do.
    const unknown = await searchOf(store, ann)('lunch from:@nobody in:#nowhere');
    expect(unknown).toMatchObject({ hits: [], unknownFilters: ['from:@nobody', 'in:#nowhere'] });
    expect(await texts('lunch from:@nobody from:@bob')).toHaveLength(1);
  });

  it('reads phrases, prefixes, case and accents alike', async () => {
    const db = await kind.fresh();
    const store = await db.open();
    const write = searchWrites(db.seed);
    const [ann = 0] = await people(store, ['ann']);
    const [general = 0] = await store.memberRoomIds(ann);
    await write.post(general, ann, 'red apple pie');
    await write.post(general, ann, 'apple pie, red wine');
    await write.post(general, ann, '🎉 Café au lait, CAFE noir');
    await write.post(general, ann, 'the snake_case name and x-ray vision');
    await write.post(general, ann, 'Déjà vu at release 10.25');
    const texts = textsOf(store, ann);
    expect(await texts('"red apple"')).toEqual(['red apple pie']);
    expect(await texts('red apple')).toHaveLength(2);
    expect(await texts('"apple pie red"')).toEqual(['apple pie, red wine']);
    expect(await texts('app')).toHaveLength(2);
    expect(await texts('app ')).toEqual([]);
    expect(await texts('app* pie ')).toHaveLength(2);
    expect(await texts('"red app"')).toEqual([]);
    expect(await texts('red app')).toHaveLength(2);
    expect(await texts('CAFÉ ')).toEqual(['🎉 Café au lait, CAFE noir']);
    expect(await texts('cafe lait')).toEqual(['🎉 Café au lait, CAFE noir']);
    expect(await texts('case ')).toEqual(['the snake_case name and x-ray vision']);
    expect(await texts('x-ray')).toEqual(['the snake_case name and x-ray vision']);
    for (const query of ['deja', 'DÉJÀ VU', '"deja vu"', '25 ', 'release 10'])
      expect(await texts(query), query).toEqual(['Déjà vu at release 10.25']);
    const [hit] = (await searchOf(store, ann)('cafe ')).hits;
    expect(hit?.highlights).toEqual([
      [3, 7],
      [17, 21],
    ]);
  });

  it('takes any query without failing, its operators as plain text', async () => {
    const db = await kind.fresh();
    const store = await db.open();
    const write = searchWrites(db.seed);
    const [ann = 0] = await people(store, ['ann']);
    const [general = 0] = await store.memberRoomIds(ann);
    await write.post(general, ann, 'near the star: a minus - sign');
    const search = searchOf(store, ann);
    for (const query of HOSTILE) {
      const found = await search(query);
      expect(Array.isArray(found.hits), query.slice(0, 40)).toBe(true);
    }
    const texts = textsOf(store, ann);
    expect(await texts('"near the')).toEqual(['near the star: a minus - sign']);
    expect(await texts('NEAR(star')).toEqual([]);
    for (const query of ['!star', 'star & near', '(star', `'star':*`, 'st:*', '-star', 'star)'])
      expect(await texts(query), query).toEqual(['near the star: a minus - sign']);
    expect(await texts('star | zzz')).toEqual([]);
    expect(await texts(`'; DROP TABLE messages; --`)).toEqual([]);
    expect(await texts('star')).toHaveLength(1);
  });
}
