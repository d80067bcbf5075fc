import { describe, expect, it } from 'vitest';
import type { UserRef } from '../../server/protocol';
import {
  insertMention,
  mayMentionRoom,
  mentionAt,
  mentionOptions,
  MAX_OPTIONS,
} from '../../renderer/src/lib/mention-complete';

const user = (id: number, username: string, displayName = ''): UserRef => ({
  id,
  username,
  displayName,
});
const me = user(1, 'alice', 'Alice');
const bob = user(2, 'bob', 'Bob Stone');
const bobby = user(3, 'bobby', 'Robert');
const carol = user(4, 'carol', 'Carol Bobbins');
const rob = user(5, 'xbobx', 'Someone');

const names = (query: string, people: UserRef[], offerRoom = true) =>
  mentionOptions(query, people, { meId: me.id, offerRoom }).map((o) => o.username);

describe('mentionAt: the @name before the caret, where the server reads a mention', () => {
  it('finds the @ and the letters typed after it, lowercased', () => {
    expect(mentionAt('hi @Bo', 6)).toEqual({ start: 3, query: 'bo' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('line\n@car', 9)).toEqual({ start: 5, query: 'car' });
    expect(mentionAt('(@bob.s', 7)).toEqual({ start: 1, query: 'bob.s' });
  });

  it('is null inside an e-mail address or a path, after a space, or with the caret elsewhere', () => {
    expect(mentionAt('mail bob@example', 16)).toBeNull();
    expect(mentionAt('see a/@b', 8)).toBeNull();
    expect(mentionAt('hi @bob ', 8)).toBeNull();
    expect(mentionAt('hi @bob and more', 16)).toBeNull();
    expect(mentionAt('hi @bob and more', 7)).toEqual({ start: 3, query: 'bob' });
  });
});

describe('mentionOptions', () => {
  it('usernames that start with the query first, then display-name words, then usernames containing it; @room last', () => {
    expect(names('bob', [rob, carol, bobby, bob])).toEqual(['bobby', 'bob', 'carol', 'xbobx']);
    expect(names('', [bob])).toEqual(['bob', 'room']);
  });

  it('keeps the given order among equals (members first), lists each person once and never me', () => {
    expect(names('', [bob, me, carol, bob, bobby], false)).toEqual(['bob', 'carol', 'bobby']);
    expect(names('al', [me, bob], false)).toEqual([]);
  });

  it('matches display names by any word, case-insensitively', () => {
    expect(names('sto', [bob, carol])).toEqual(['bob']);
    expect(names('ROB', [bobby, carol], false)).toEqual(['bobby']);
  });

  it('offers @room only when allowed and when the query fits it', () => {
    expect(names('ro', [bobby])).toEqual(['bobby', 'room']);
    expect(names('ro', [bobby], false)).toEqual(['bobby']);
    expect(names('rx', [bobby])).toEqual([]);
  });

  it('shows at most a handful of people', () => {
    const many = Array.from({ length: 30 }, (_, i) => user(100 + i, `user${i}`));
    expect(names('user', many, false)).toHaveLength(MAX_OPTIONS);
  });
});

describe('insertMention and mayMentionRoom', () => {
  it('replaces the typed @… with @username and a space, caret after it', () => {
    const text = 'hi @bo';
    expect(insertMention(text, 6, { start: 3, query: 'bo' }, 'bob')).toEqual({
      text: 'hi @bob ',
      caret: 8,
    });
    // In the middle of the text: what follows stays, with one space between.
    const middle = 'hi @b there';
    expect(insertMention(middle, 5, { start: 3, query: 'b' }, 'bobby')).toEqual({
      text: 'hi @bobby there',
      caret: 10,
    });
  });

  it('@room: anyone in rooms up to the limit, only the owner above it', () => {
    expect(mayMentionRoom(50, false, 50)).toBe(true);
    expect(mayMentionRoom(51, false, 50)).toBe(false);
    expect(mayMentionRoom(51, true, 50)).toBe(true);
  });
});
