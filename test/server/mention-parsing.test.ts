import { describe, expect, it } from 'vitest';
import { parseMentions } from '../../server/mentions.js';

describe('parseMentions', () => {
  it('finds whole usernames only, outside code and addresses', () => {
    expect(parseMentions('hi @Bob and @carol.').names).toEqual(['bob', 'carol.', 'carol']);
    // A word longer than any username is not cut down to one.
    expect(parseMentions(`@${'a'.repeat(33)} there`).names).toEqual([]);
    expect(parseMentions(`@${'a'.repeat(32)} there`).names).toEqual(['a'.repeat(32)]);
    expect(parseMentions('mail ann@bob.com or /home/@bob').names).toEqual([]);
    expect(parseMentions('`@bob` and\n```\n@carol\n```\n@dave').names).toEqual(['dave']);
  });

  it('reads @room, also at the end of a sentence', () => {
    expect(parseMentions('heads up @room.')).toEqual({ names: [], room: true });
    expect(parseMentions('the @roomba is here').room).toBe(false);
  });
});
