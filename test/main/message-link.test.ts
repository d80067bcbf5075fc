import { describe, expect, it } from 'vitest';
import { messageLink, parseMessageLink } from '../../main/message-link';

const target = { serverUrl: 'https://192.168.1.20:4443', roomId: 12, messageId: 3456 };

describe('message links', () => {
  it('round-trips a message through its link', () => {
    const link = messageLink(target);
    expect(link).toBe(
      'parley://open?server=https%3A%2F%2F192.168.1.20%3A4443&room=12&message=3456',
    );
    expect(parseMessageLink(link)).toEqual({ ok: true, target });
  });

  it('takes a server written with a trailing slash, unencoded', () => {
    const link = 'parley://open?server=http://127.0.0.1:4000/&room=1&message=2';
    expect(parseMessageLink(link)).toEqual({
      ok: true,
      target: { serverUrl: 'http://127.0.0.1:4000', roomId: 1, messageId: 2 },
    });
  });

  it.each([
    ['parley://join?v=1', /not a Parley message link/],
    [`${messageLink(target)}&token=abc`, /parts Parley does not know \(token\)/],
    [`${messageLink(target)}&room=13`, /names something twice/],
    ['parley://open?server=javascript:alert(1)&room=1&message=2', /not a valid http\(s\)/],
    ['parley://open?server=file:///etc/passwd&room=1&message=2', /not a valid http\(s\)/],
    ['parley://open?server=https://u:p@host&room=1&message=2', /not a valid http\(s\)/],
    ['parley://open?server=https://host/path&room=1&message=2', /not a valid http\(s\)/],
    ['parley://open?server=https://host&room=0&message=2', /valid room and message/],
    ['parley://open?server=https://host&room=-1&message=2', /valid room and message/],
    ['parley://open?server=https://host&room=1e3&message=2', /valid room and message/],
    ['parley://open?server=https://host&room=01&message=2', /valid room and message/],
    ['parley://open?server=https://host&room=1&message=99999999999999999', /valid room/],
    ['parley://open?server=https://host&room=1', /valid room and message/],
    [`parley://open?server=https://host&room=1&message=2&x=${'a'.repeat(2100)}`, /too long/],
  ])('refuses %s', (link, why) => {
    const result = parseMessageLink(link);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(why);
  });
});
