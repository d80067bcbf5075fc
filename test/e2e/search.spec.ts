import type { Page } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import { expectAccessible } from './a11y';
import { expect, loginInPage, screenshotPath, test, twoPeople } from './fixtures';

/**
 * Search in Chromium (issue 13): what a person finds (history from before they joined, never a
 * private room of others, nothing deleted), the filters and their completions, the "no results"
 * state, and a result far back in a long room opened at the message, scrolled down to the latest.
 */

/** A socket of `username`'s own (a second session), as a script could open one. */
async function socketOf(page: Page, url: string, username: string): Promise<Socket> {
  const socket = io(url, {
    auth: { token: await loginInPage(page, username) },
    transports: ['websocket'],
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** An acknowledged event; a `rate_limited` answer waits the time it names and tries again. */
async function ask<T = any>(socket: Socket, event: string, payload: object): Promise<T> {
  for (;;) {
    const answer = await socket.timeout(10_000).emitWithAck(event, payload);
    if (answer.ok) return answer;
    if (answer.error.code !== 'rate_limited') throw new Error(`${event}: ${answer.error.message}`);
    await new Promise((resolve) => setTimeout(resolve, answer.error.retryAfterMs ?? 500));
  }
}

let sent = 0;
const say = (socket: Socket, roomId: number, text: string) =>
  ask<{ message: { id: number } }>(socket, 'message:send', {
    roomId,
    text,
    clientId: `search-${++sent}`,
  });

const searchField = (page: Page) => page.getByRole('combobox', { name: 'Search messages' });
const hit = (page: Page, text: string) => page.locator('.search-hit', { hasText: text });

/** Runs a search from the field and waits for its answer (the status names the query). */
async function search(page: Page, query: string) {
  await searchField(page).fill(query);
  await searchField(page).press('Enter');
  const quoted = query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await expect(page.locator('.search-status')).toHaveText(new RegExp(`results? for “${quoted}”$`));
}

test('search: history from before joining, no private room of others, filters, no results', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  const aliceSocket = await socketOf(alice, server.url, 'alice');
  const bobSocket = await socketOf(bob, server.url, 'bob');
  const ops = await ask(aliceSocket, 'room:create', { name: 'ops', kind: 'public' });
  await say(aliceSocket, ops.room.id, 'deploy window opens before bob joined');
  const secret = await ask(aliceSocket, 'room:create', { name: 'secret', kind: 'private' });
  await say(aliceSocket, secret.room.id, 'deploy secret plans');
  await say(bobSocket, 1, 'deploy done by bob');
  const oops = await say(bobSocket, 1, 'deploy oops wrong room');
  await ask(bobSocket, 'room:join', { roomId: ops.room.id });
  await expect(bob.getByRole('button', { name: /^#ops/ })).toBeVisible();

  // Ctrl+K opens the search from the composer and focuses the field.
  await bob.getByRole('textbox', { name: /^Message / }).click();
  await bob.keyboard.press('Control+k');
  await expect(searchField(bob)).toBeFocused();
  await search(bob, 'deploy');
  await expect(hit(bob, 'deploy window opens before bob joined')).toBeVisible();
  await expect(hit(bob, 'deploy done by bob')).toBeVisible();
  await expect(hit(bob, 'secret plans')).toHaveCount(0);
  await expect(bob.getByRole('heading', { name: '#ops', level: 3 })).toBeVisible();
  await expect(hit(bob, 'before bob joined').locator('mark').first()).toHaveText(/deploy/i);

  // Deleted: gone from what is shown at once, and not found again.
  await ask(bobSocket, 'message:delete', { messageId: oops.message.id });
  await expect(hit(bob, 'deploy oops')).toHaveCount(0);
  await search(bob, 'oops');
  await expect(bob.getByText('No messages match')).toBeVisible();

  // Completions from the keyboard: a keyword is offered but Enter searches unless the arrows
  // moved to it; Escape closes the list only.
  const options = bob.getByRole('listbox', { name: 'Search filters' });
  await searchField(bob).fill('deploy fr');
  const keyword = options.getByRole('option', { name: /^from:@/ });
  await expect(keyword).toHaveAttribute('aria-selected', 'false');
  await searchField(bob).press('ArrowDown');
  await expect(keyword).toHaveAttribute('aria-selected', 'true');
  // The field points at the selected option by its id (made unique per server session).
  const keywordId = await keyword.getAttribute('id');
  expect(keywordId).toMatch(/search-completions-0$/);
  await expect(searchField(bob)).toHaveAttribute('aria-activedescendant', keywordId ?? '');
  await searchField(bob).press('Enter');
  await expect(searchField(bob)).toHaveValue('deploy from:@');
  await expect(options.getByRole('option', { name: /@alice/ })).toBeVisible();
  await searchField(bob).press('Escape');
  await expect(options).toBeHidden();
  await expect(searchField(bob)).toBeFocused();
  // from:@ completes a person: the first one is taken by Enter.
  await searchField(bob).fill('deploy from:@al');
  await expect(options.getByRole('option', { name: /@alice/ })).toBeVisible();
  await expectAccessible(bob, 'search completions', { include: '.search-panel' });
  await searchField(bob).press('Enter');
  await expect(searchField(bob)).toHaveValue('deploy from:@alice ');
  await searchField(bob).press('Enter');
  await expect(hit(bob, 'before bob joined')).toBeVisible();
  await expect(hit(bob, 'done by bob')).toHaveCount(0);
  await search(bob, 'deploy in:#general');
  await expect(hit(bob, 'done by bob')).toBeVisible();
  await expect(hit(bob, 'before bob joined')).toHaveCount(0);
  await bob.screenshot({ path: screenshotPath('search-results') });
  await expectAccessible(bob, 'search results', { include: '.search-panel' });
  await expectAccessible(bob, 'sidebar with the search button', { include: '.sidebar' });

  // Nothing matches both filters: each can be taken out, and the search runs again without it.
  await search(bob, 'deploy from:@alice in:#general');
  await expect(bob.getByText('No messages match')).toBeVisible();
  await expectAccessible(bob, 'no search results', { include: '.search-panel' });
  await bob.getByRole('button', { name: 'Remove in:#general' }).click();
  await expect(hit(bob, 'before bob joined')).toBeVisible();
  await expect(searchField(bob)).toHaveValue('deploy from:@alice');
  // A filter that names nothing bob can see is said so, not silently ignored.
  await search(bob, 'deploy in:#secret');
  await expect(bob.getByText('No such room or person:')).toBeVisible();

  // Escape closes the panel and gives the focus back to where it was.
  await searchField(bob).press('Escape');
  await expect(bob.locator('.search-panel')).toHaveCount(0);
  await expect(bob.getByRole('textbox', { name: /^Message / })).toBeFocused();
  aliceSocket.close();
  bobSocket.close();
});

test('jump to a result far back: opened at the message, then newer pages down to the latest', async ({
  browser,
  server,
}) => {
  test.setTimeout(120_000);
  const { alice, bob } = await twoPeople(browser, server.url);
  const sockets = [
    await socketOf(alice, server.url, 'alice'),
    await socketOf(bob, server.url, 'bob'),
  ];
  // 80 before, the needle, 160 after: two senders, to go twice as fast under the rate limit.
  const texts = [
    ...Array.from({ length: 80 }, (_, i) => `filler ${i + 1}`),
    'the needle in the haystack',
    ...Array.from({ length: 160 }, (_, i) => `filler ${i + 81}`),
  ];
  for (let i = 0; i < texts.length; i += 2)
    await Promise.all(texts.slice(i, i + 2).map((text, j) => say(sockets[j] as Socket, 1, text)));
  // A fresh page holds the newest page only: the needle is far out of it.
  await alice.reload();
  await expect(alice.getByText('filler 240', { exact: true })).toBeVisible();

  await alice.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(searchField(alice)).toBeFocused();
  await search(alice, 'needle');
  await hit(alice, 'the needle in the haystack').click();
  const needle = alice.locator('.message', { hasText: 'the needle in the haystack' });
  // The highlight first: it lasts 2 s.
  await expect(needle).toHaveClass(/highlighted/);
  await expect(needle).toBeVisible();
  await expect(needle).toBeFocused();
  // Context on both sides, and the newest messages are not there yet.
  await expect(alice.getByText('filler 80', { exact: true })).toBeAttached();
  await expect(alice.getByText('filler 81', { exact: true })).toBeAttached();
  await expect(alice.getByText('filler 240', { exact: true })).toHaveCount(0);
  const latest = alice.getByRole('button', { name: /Jump to latest/ });
  await expect(latest).toBeVisible();
  await alice.screenshot({ path: screenshotPath('search-jump') });

  // Scrolling down loads the newer pages until the latest, which attaches the room again.
  const scroller = alice.locator('.message-scroller');
  for (
    let i = 0;
    i < 30 && (await alice.getByText('filler 240', { exact: true }).count()) === 0;
    i++
  ) {
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await alice.waitForTimeout(200);
  }
  await expect(alice.getByText('filler 240', { exact: true })).toBeVisible();
  await expect(alice.getByText('Loading newer messages…')).toHaveCount(0);
  // Attached: a new message shows at the end as usual.
  await say(sockets[1] as Socket, 1, 'live after the jump');
  await expect(alice.getByText('live after the jump', { exact: true })).toBeVisible();

  // Open it again and take "Jump to latest" straight down instead.
  await alice.reload();
  await expect(alice.getByText('live after the jump', { exact: true })).toBeVisible();
  await alice.keyboard.press('Control+k');
  await search(alice, 'needle');
  await hit(alice, 'the needle in the haystack').press('Enter');
  await expect(needle).toBeFocused();
  await alice.getByRole('button', { name: /Jump to latest/ }).click();
  await expect(alice.getByText('live after the jump', { exact: true })).toBeVisible();
  await expect(alice.getByRole('button', { name: /Jump to latest/ })).toHaveCount(0);
  for (const socket of sockets) socket.close();
});

test('on a narrow window the search panel covers the room, as a thread does, and Escape gives it back', async ({
  browser,
  server,
}) => {
  const { alice } = await twoPeople(browser, server.url);
  await alice.setViewportSize({ width: 800, height: 700 });
  await alice.keyboard.press('Control+k');
  await expect(searchField(alice)).toBeFocused();
  const panel = alice.locator('.search-panel');
  // Over the room at the right edge, not a squeezed third column.
  await expect(panel).toHaveCSS('position', 'fixed');
  const box = await panel.boundingBox();
  expect(box && Math.round(box.x + box.width)).toBe(800);
  await expect(alice.locator('.chat-layout')).toHaveCSS('grid-template-columns', /^\S+ \S+$/);
  await searchField(alice).press('Escape');
  await expect(panel).toHaveCount(0);
  // Wide again: a third column beside the room.
  await alice.setViewportSize({ width: 1280, height: 700 });
  await alice.keyboard.press('Control+k');
  await expect(panel).toHaveCSS('position', 'static');
  await expect(alice.locator('.chat-layout')).toHaveCSS('grid-template-columns', /^\S+ \S+ \S+$/);
});
