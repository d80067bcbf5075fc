import { describe, expect, it } from 'vitest';
import type { Message } from '../../server/protocol';
import type { PendingMessage } from '../../renderer/src/lib/chat-state';
import { buildRows, type Row } from '../../renderer/src/lib/format';

const ME = 1;
const people = {
  1: { id: 1, username: 'alice', displayName: 'Alice' },
  2: { id: 2, username: 'bob', displayName: 'Bob' },
};
const BASE = new Date(2024, 4, 6, 12, 0).getTime();

/** A message `minutes` after BASE, by author 1 (me) or 2 (bob). */
const message = (id: number, author: 1 | 2, minutes = id): Message => ({
  id,
  roomId: 1,
  author: people[author],
  text: `message ${id}`,
  clientId: `c${id}`,
  createdAt: BASE + minutes * 60_000,
  seq: 0,
});

const dividerIds = (rows: Row[]) =>
  rows.flatMap((row) => (row.kind === 'message' && row.divider ? [row.message.id] : []));

describe('buildRows: the "New messages" divider', () => {
  const messages = [message(1, 2), message(2, 1), message(3, 1), message(4, 2), message(5, 2)];

  it('goes before the first message by someone else after dividerAfter, and only there', () => {
    // 2 and 3 are mine (sent after reading up to 1): the first unread is bob's 4.
    const rows = buildRows(messages, [], ME, { dividerAfter: 1, now: BASE });
    expect(dividerIds(rows)).toEqual([4]);
  });

  it('starts a new author group: the divided message shows its header', () => {
    // 4 and 5 are bob's, a minute apart: 5 continues his group, 4 has the header anyway.
    const rows = buildRows([message(1, 2), message(2, 2), message(3, 2)], [], ME, {
      dividerAfter: 2,
      now: BASE,
    });
    expect(dividerIds(rows)).toEqual([3]);
    expect(rows.map((row) => row.header)).toEqual([true, false, true]);
  });

  it('is absent without dividerAfter, when everything is read, or when only I wrote since', () => {
    expect(dividerIds(buildRows(messages, [], ME, { now: BASE }))).toEqual([]);
    expect(dividerIds(buildRows(messages, [], ME, { dividerAfter: 5, now: BASE }))).toEqual([]);
    const mineAfter = [message(1, 2), message(2, 1), message(3, 1)];
    expect(dividerIds(buildRows(mineAfter, [], ME, { dividerAfter: 1, now: BASE }))).toEqual([]);
  });

  it('keeps the rest as before: day labels, groups, own flags and pending rows last', () => {
    const nextDay = message(6, 2, 24 * 60);
    const pending: PendingMessage = {
      clientId: 'p1',
      text: 'on its way',
      status: 'sending',
      createdAt: BASE + 25 * 60 * 60_000,
    };
    const rows = buildRows([...messages, nextDay], [pending], ME, {
      dividerAfter: 3,
      now: nextDay.createdAt,
    });
    expect(rows.map((row) => row.key)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'pp1']);
    expect(rows.map((row) => row.header)).toEqual([true, true, false, true, false, true, true]);
    const days = rows.map((row) => (row.kind === 'message' ? row.day : undefined));
    expect(days).toEqual([
      'Yesterday',
      undefined,
      undefined,
      undefined,
      undefined,
      'Today',
      undefined,
    ]);
    expect(rows.map((row) => row.kind === 'message' && row.own)).toEqual([
      false,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(dividerIds(rows)).toEqual([4]);
  });
});
