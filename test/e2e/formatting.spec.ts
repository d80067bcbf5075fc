import { expect, person, screenshotPath, send, signUp, test, twoPeople } from './fixtures';

const CODE = [
  'function greet(name: string) {',
  // A line far wider than the window: the block scrolls sideways instead of wrapping it.
  '  return `<b>hello</b> ${name}`; // ' + 'a long line scrolls and never wraps; '.repeat(8),
  '}',
].join('\n');

test('a code block and bold from alice reach bob formatted, and Copy copies the code', async ({
  browser,
  server,
}) => {
  const alice = await person(browser, server.url);
  await signUp(alice, 'alice', 'Alice');
  // Bob's context may read the clipboard, to check what Copy put there.
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const bob = await context.newPage();
  await bob.goto(server.url);
  await signUp(bob, 'bob', 'Bob');

  await send(alice, `**Heads up**, the fix:\n\n\`\`\`ts\n${CODE}\n\`\`\``);
  const message = bob.locator('.message', { hasText: 'Heads up' });
  await expect(message.locator('strong')).toHaveText('Heads up');
  const code = message.locator('pre > code');
  await expect(code).toHaveText(CODE);
  const pre = message.locator('pre');
  const style = await pre.evaluate((el) => {
    const css = getComputedStyle(el.querySelector('code') ?? el);
    return {
      font: css.fontFamily,
      overflow: getComputedStyle(el).overflowX,
      scrolls: el.scrollWidth > el.clientWidth,
    };
  });
  expect(style.font).toMatch(/monospace/);
  expect(style).toMatchObject({ overflow: 'auto', scrolls: true });
  await message.screenshot({ path: screenshotPath('code-block') });

  const copy = message.getByRole('button', { name: 'Copy code' });
  await copy.click();
  await expect(copy).toHaveText('Copied');
  await expect(message.getByRole('status').filter({ hasText: 'Code copied' })).toHaveCount(1);
  expect(await bob.evaluate(() => navigator.clipboard.readText())).toBe(CODE);
  await expect(copy).toHaveText('Copy'); // and back, for the next copy

  await bob.emulateMedia({ colorScheme: 'dark' });
  await message.screenshot({ path: screenshotPath('code-block-dark') });
});

test('the rest of the subset: italic, strikethrough, inline code, quotes, lists, links', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);

  await send(
    alice,
    '> quoted\n\n_new_ ~~old~~ `npm test`\n\n- one\n- two\n\n1. first\n2. second\n\n[the docs](https://example.org/docs)',
  );
  const message = bob.locator('.message', { hasText: 'quoted' });
  await expect(message.locator('blockquote')).toHaveText('quoted');
  await expect(message.locator('em')).toHaveText('new');
  await expect(message.locator('del')).toHaveText('old');
  await expect(message.locator('p > code')).toHaveText('npm test');
  await expect(message.locator('ul > li')).toHaveText(['one', 'two']);
  await expect(message.locator('ol > li')).toHaveText(['first', 'second']);
  const link = message.getByRole('link', { name: 'the docs' });
  await expect(link).toHaveAttribute('href', 'https://example.org/docs');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(link).toHaveAttribute('target', '_blank');
});

test('hostile HTML and Markdown stay text: no script, no image load, no script link', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  const pixels: string[] = [];
  bob.on('request', (request) => {
    if (request.url().includes('pixel')) pixels.push(request.url());
  });

  const html =
    '<img src=x onerror="window.__pwned=1"> <b>not bold</b> <script>window.__pwned=2</script>';
  await send(
    alice,
    `${html}\n\n[click me](javascript:window.__pwned=3) ![tracker](${server.url}/pixel.png)`,
  );
  const message = bob.locator('.message', { hasText: 'not bold' });
  await expect(message.locator('.message-text p').first()).toHaveText(html);
  await expect(message.locator('.message-text')).toContainText('click me');
  expect(await message.locator('img, script, b, iframe').count()).toBe(0);
  // The image is at most a link to it (http only); "click me" is no link at all.
  const hrefs = await message
    .locator('a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(hrefs).toEqual([`${server.url}/pixel.png`]);
  await expect(message.getByRole('link', { name: 'click me' })).toHaveCount(0);
  expect(pixels).toEqual([]);
  expect(await bob.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
});
