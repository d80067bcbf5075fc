import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { MentionMarks } from '../../renderer/src/ui/mention-marks';
import { MessageText } from '../../renderer/src/ui/message-text';

/** A message as the web client renders it, as HTML. */
const html = (text: string) => renderToStaticMarkup(createElement(MessageText, { text }));

/** Every element name the markup contains, lowercased. */
const tags = (markup: string) =>
  [...markup.matchAll(/<([a-z][\w-]*)/gi)].map((m) => m[1]?.toLowerCase());

/** Every href in the markup, HTML entities as written. */
const hrefs = (markup: string) => [...markup.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]);

describe('message text renders the Markdown subset', () => {
  it('bold, italic, strikethrough and inline code', () => {
    const out = html('**bold** _it_ *also* ~~gone~~ `x < y`');
    expect(out).toContain('<strong>bold</strong>');
    expect(out).toContain('<em>it</em>');
    expect(out).toContain('<em>also</em>');
    expect(out).toContain('<del>gone</del>');
    expect(out).toContain('<code>x &lt; y</code>');
  });

  it('a fenced code block: pre and code with the code as sent, and a Copy code button', () => {
    const out = html('```ts\nconst a = "<b>";\n  indented();\n```');
    expect(out).toContain(
      '<pre tabindex="0"><code class="language-ts">const a = &quot;&lt;b&gt;&quot;;\n  indented();</code></pre>',
    );
    expect(out).toMatch(/<button[^>]*aria-label="Copy code"[^>]*>Copy<\/button>/);
  });

  it('block quotes, and ordered and unordered lists', () => {
    expect(html('> said\n> twice')).toContain('<blockquote><p>said\ntwice</p></blockquote>');
    expect(html('- one\n- two')).toContain('<ul><li>one</li><li>two</li></ul>');
    expect(html('3. three\n4. four')).toContain('<ol start="3"><li>three</li><li>four</li></ol>');
  });

  it('http(s) links, written or bare, open outside the app', () => {
    const out = html('[docs](https://example.org/a_b) and http://example.com/x.');
    expect(out).toContain(
      '<a href="https://example.org/a_b" title="https://example.org/a_b" target="_blank" rel="noopener noreferrer">docs</a>',
    );
    // A bare URL is its own label (no title), and the sentence's full stop stays outside.
    expect(out).toContain(
      '<a href="http://example.com/x" target="_blank" rel="noopener noreferrer">http://example.com/x</a>.',
    );
  });

  it('plain text stays one paragraph with its line breaks', () => {
    expect(html('hello\nworld')).toBe('<div class="message-text"><p>hello\nworld</p></div>');
  });
});

describe('message text never renders what is outside the subset', () => {
  it('raw HTML is shown as text: no img, script or handler', () => {
    const hostile =
      '<img src=x onerror=alert(1)><script>alert(2)</script><a href="javascript:x">y</a>';
    const out = html(hostile);
    expect(tags(out)).toEqual(['div', 'p']);
    expect(out).toContain(
      '&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;',
    );
    expect(html('<div onclick="x">block</div>\n\n<!-- note -->')).toBe(
      '<div class="message-text"><p>&lt;div onclick=&quot;x&quot;&gt;block&lt;/div&gt;</p><p>&lt;!-- note --&gt;</p></div>',
    );
  });

  it('links that are not http(s) are plain text', () => {
    for (const text of [
      '[x](javascript:alert(1))',
      '[x](JaVaScRiPt:alert(1))',
      '[x](data:text/html,<script>alert(1)</script>)',
      '[x](vbscript:msgbox)',
      '[x](/relative)',
      '[x](mailto:a@b.c)',
      '<javascript:alert(1)>',
      'a@b.com ftp://example.org javascript:alert(1)',
      '[x][r]\n\n[r]: javascript:alert(1)',
    ]) {
      const out = html(text);
      expect(tags(out), text).not.toContain('a');
      expect(hrefs(out), text).toEqual([]);
    }
  });

  it('images never load: a link to an http(s) image at most, text otherwise', () => {
    const out = html(
      '![a pixel](http://evil.example/p.png) ![b](javascript:alert(1)) ![c](data:image/png;base64,AA==)',
    );
    expect(tags(out)).not.toContain('img');
    expect(tags(out)).not.toContain('link'); // React 19 would also hoist a <link rel=preload>
    expect(hrefs(out)).toEqual(['http://evil.example/p.png']);
    expect(out).toContain('>a pixel</a> b c</p>');
  });

  it('headings, tables, rules and task boxes are plain paragraphs and text', () => {
    expect(html('# Title')).toBe('<div class="message-text"><p><strong>Title</strong></p></div>');
    expect(html('| a | b |\n|---|---|\n| 1 | 2 |')).toBe(
      '<div class="message-text"><p>| a | b |\n| 1 | 2 |</p></div>',
    );
    const out = html('---\nnot: frontmatter\n---\n\n***\n\n- [x] done');
    expect(tags(out)).not.toContain('hr');
    expect(tags(out)).not.toContain('input');
    expect(out).toContain('<li>[x] done</li>');
    expect(out).toContain('not: frontmatter');
  });

  it('footnotes stay text, with no element ids that would clash between messages', () => {
    const out = html('see [^1]\n\n[^1]: the note');
    expect(out).toBe('<div class="message-text"><p>see [^1]</p><p>[^1]: the note</p></div>');
  });
});

describe('mentions are marked only where the server resolved them', () => {
  /** As message-row.tsx passes them: bob and the signed-in alice are mentioned, nobody else. */
  const marks = { names: new Set(['bob', 'alice']), me: 'alice', room: true };
  const marked = (text: string, mentions: MentionMarks = marks) =>
    renderToStaticMarkup(createElement(MessageText, { text, mentions }));

  it('a mentioned name is a span.mention; mine and @room are mention me', () => {
    expect(marked('hi @bob and @Alice, lunch @room.')).toBe(
      '<div class="message-text"><p>hi <span class="mention">@bob</span> and ' +
        '<span class="mention me">@Alice</span>, lunch <span class="mention me">@room</span>.</p></div>',
    );
    // "thanks @bob." is bob, as the server reads it; the full stop stays text.
    expect(marked('thanks @bob.')).toContain('<span class="mention">@bob</span>.</p>');
    expect(marked('**@bob** _@bob_')).toContain(
      '<strong><span class="mention">@bob</span></strong>',
    );
  });

  it('a name that is not among the mentions stays plain text, and so does @room without it', () => {
    const out = marked('@carol @bobby bob@example.com @room', { ...marks, room: false });
    expect(out).toBe('<div class="message-text"><p>@carol @bobby bob@example.com @room</p></div>');
  });

  it('code is shown as written: no mention inside inline code or a code block', () => {
    expect(marked('`@bob` @bob')).toContain('<code>@bob</code> <span class="mention">@bob</span>');
    const block = marked('```\n@bob @room\n```');
    expect(block).not.toContain('mention');
    expect(block).toContain('@bob @room');
  });

  it('without marks, no name is marked (the default)', () => {
    expect(html('hi @bob @room')).toBe('<div class="message-text"><p>hi @bob @room</p></div>');
  });
});
