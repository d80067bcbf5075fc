import { describe, expect, it } from 'vitest';
import {
  linkedMessageOf,
  readMessageFragment,
  sameServer,
  webMessageLink,
} from '../../renderer/src/lib/message-link.js';

const SERVER = 'https://chat.example.org';

describe('web message links', () => {
  it('makes the https form and reads it back', () => {
    const link = webMessageLink({ serverUrl: `${SERVER}/`, roomId: 12, messageId: 3456 });
    expect(link).toBe(`${SERVER}/#room=12&message=3456`);
    expect(readMessageFragment(new URL(link).hash)).toEqual({
      ok: true,
      roomId: 12,
      messageId: 3456,
    });
  });

  it('leaves other fragments alone', () => {
    for (const hash of ['', '#', '#top', '#section-2', '#?room=1&message=2'])
      expect(readMessageFragment(hash)).toBeNull();
  });

  it.each([
    ['#room=1&message=2&token=abc', /does not know \(token\)/],
    ['#room=1&room=2&message=3', /names something twice/],
    ['#room=1', /valid room and message/],
    ['#room=0&message=2', /valid room and message/],
    ['#room=-1&message=2', /valid room and message/],
    ['#room=01&message=2', /valid room and message/],
    ['#room=1e3&message=2', /valid room and message/],
    ['#room=1&message=2.5', /valid room and message/],
    ['#room=1&message=99999999999999999', /valid room and message/],
    ['#room=1&message=<script>', /valid room and message/],
    [`#room=1&message=2&x=${'a'.repeat(300)}`, /too long/],
  ])('refuses %s', (hash, why) => {
    const read = readMessageFragment(hash);
    expect(read?.ok).toBe(false);
    if (read && !read.ok) expect(read.message).toMatch(why);
  });

  it('opens in place only the message links of this very server', () => {
    expect(linkedMessageOf(`${SERVER}/#room=3&message=9`, SERVER)).toEqual({
      roomId: 3,
      messageId: 9,
    });
    expect(linkedMessageOf(`${SERVER}:443/#room=3&message=9`, `${SERVER}/`)).toEqual({
      roomId: 3,
      messageId: 9,
    });
    for (const href of [
      'https://other.example.org/#room=3&message=9',
      'http://chat.example.org/#room=3&message=9',
      `${SERVER}:8443/#room=3&message=9`,
      `${SERVER}/files/#room=3&message=9`,
      `${SERVER}/?next=x#room=3&message=9`,
      `${SERVER}/#room=3&message=9&x=1`,
      `${SERVER}/#top`,
      'not a url',
    ])
      expect(linkedMessageOf(href, SERVER)).toBeUndefined();
  });

  it('tells one server from another by scheme, host and port', () => {
    expect(sameServer('http://127.0.0.1:4000', 'http://127.0.0.1:4000/')).toBe(true);
    expect(sameServer('http://127.0.0.1:4000', 'https://127.0.0.1:4000')).toBe(false);
    expect(sameServer('http://127.0.0.1:4000', 'http://127.0.0.1:4001')).toBe(false);
    expect(sameServer('http://127.0.0.1:4000', 'nonsense')).toBe(false);
  });
});
