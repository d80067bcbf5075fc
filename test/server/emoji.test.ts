import { describe, expect, it } from 'vitest';
import { emojify, shortcodeTable } from '../../server/emoji-shortcodes.js';
import { splitCode } from '../../server/shared/code-spans.js';
import { isSingleEmoji, replaceShortcodes, singleEmoji } from '../../server/shared/emoji.js';

describe('isSingleEmoji', () => {
  it('accepts one RGI emoji: plain, skin tone, ZWJ family, flag, keycap, heart', () => {
    for (const emoji of ['👍', '👍🏽', '👨‍👩‍👧', '🇬🇧', '1️⃣', '❤️', '🏳️‍🌈', '🧑🏾‍💻'])
      expect(isSingleEmoji(emoji), emoji).toBe(true);
  });

  it('refuses everything else', () => {
    const refused = [
      '',
      'a',
      '👍👍',
      '👍 ',
      ' 👍',
      ':+1:',
      '👍'.repeat(5000), // 10 KB
      '\uD83D', // a lone high surrogate
      '\uDC4D👍',
      '👍\u200D', // a joiner joining nothing
      '\u200D👍',
      '👍\u200D👍', // not an RGI sequence
      '👍\u200B',
      '🇬', // a lone regional indicator
      '1', // a digit is Emoji=Yes, but not an emoji on its own
      '👍\n',
    ];
    for (const text of refused) expect(isSingleEmoji(text), JSON.stringify(text)).toBe(false);
  });

  it('gives one spelling per emoji, whatever the variation selectors', () => {
    expect(singleEmoji('👍\uFE0F')).toBe('👍');
    expect(singleEmoji('❤')).toBe('❤️');
    expect(singleEmoji('1\u20E3')).toBe('1️⃣');
    expect(singleEmoji('👍🏽')).toBe('👍🏽');
    expect(singleEmoji('👍👍')).toBeUndefined();
    expect(singleEmoji('a\uFE0F')).toBeUndefined();
  });
});

describe('emoji shortcodes', () => {
  it('replaces Slack, GitHub and emojibase names from the installed data', () => {
    expect(emojify(':thumbsup:')).toBe('👍');
    expect(emojify(':+1:')).toBe('👍');
    expect(emojify('Shipped :tada:!')).toBe('Shipped 🎉!');
    expect(emojify(':flag-gb: (:heart:) :100:')).toBe('🇬🇧 (❤️) 💯');
    expect(emojify(':+1::skin-tone-4:')).toBe('👍🏽'); // Slack's way of writing a skin tone
    expect(emojify(':tada::tada:')).toBe('🎉🎉');
    // Everything in the table is something the server accepts as one emoji.
    expect([...shortcodeTable().values()].every(isSingleEmoji)).toBe(true);
    expect(shortcodeTable().size).toBeGreaterThan(3000);
  });

  it('leaves unknown names, code, URLs and times as typed', () => {
    for (const text of [
      ':not_an_emoji_name:',
      '`:tada:`',
      '``a ` :tada: ``',
      '```\n:tada:\n```',
      '~~~js\n:tada:\n~~~',
      '```\nunclosed :tada:',
      '10:30:00',
      'at 10:100:',
      'http://a:b:c@x',
      'https://example.com/:tada:/x',
      'www.example.com/:tada:',
      'x:tada:',
      ':tada:x',
      '::tada::',
    ])
      expect(emojify(text), text).toBe(text);
    expect(emojify('`code` :tada: ```fence``` :tada:')).toBe('`code` 🎉 ```fence``` 🎉');
    expect(emojify('```\n:tada:\n```\nafter :tada:')).toBe('```\n:tada:\n```\nafter 🎉');
    // A backtick with no partner is only a backtick.
    expect(emojify('it`s :tada:')).toBe('it`s 🎉');
  });

  it('takes a plain object as the table too, and only its own names', () => {
    const table = { wave: '👋' };
    expect(replaceShortcodes(':wave: :constructor: :__proto__:', table)).toBe(
      '👋 :constructor: :__proto__:',
    );
    expect(replaceShortcodes(':WAVE:', new Map([['wave', '👋']]))).toBe('👋');
  });
});

describe('splitCode', () => {
  it('gives prose and code apart, and the message back when joined', () => {
    const message = 'a `b` c\n```js\nd\n```\ne ``f`g`` h\n\n`i\n\nj`';
    const parts = splitCode(message);
    expect(parts.map((part) => part.text).join('')).toBe(message);
    expect(parts.filter((part) => part.code).map((part) => part.text)).toEqual([
      '`b`',
      '```js\nd\n```\n',
      '``f`g``',
    ]);
  });
});
