import Database from 'better-sqlite3';
import { join } from 'node:path';
import { expect, person, signUp, test } from './fixtures';

const COUNT = 10_000;

test('10,000 messages in memory: the list keeps only the rows in view in the DOM', async ({
  browser,
  server,
}) => {
  // 200 pages, each a round trip and a render: about 45 s alone here, more on a loaded CI box.
  // What it checks is the DOM's size and the reader's place, not speed.
  test.setTimeout(150_000);
  const alice = await person(browser, server.url);
  await signUp(alice, 'alice', 'Alice');
  // Seed the real database directly (WAL lets a second connection write while the server runs).
  const db = new Database(join(server.dataDir, 'parley.db'));
  const insert = db.prepare(
    'INSERT INTO messages (room_id, author_id, text, client_id, created_at) VALUES (1, 1, ?, ?, ?)',
  );
  const start = Date.now() - COUNT * 1000;
  db.transaction(() => {
    for (let i = 1; i <= COUNT; i++) insert.run(`seed ${i}`, `seed-${i}`, start + i * 1000);
    db.prepare(
      'UPDATE rooms SET last_message_id = (SELECT MAX(id) FROM messages) WHERE id = 1',
    ).run();
  })();
  db.close();

  await alice.reload();
  await expect(alice.getByText(`seed ${COUNT}`, { exact: true })).toBeVisible();
  const older = alice.getByRole('button', { name: 'Load older messages' });
  const scroller = alice.locator('.message-scroller');
  const firstShown = () => alice.locator('.message-row .message-text').first().textContent();
  // Scrolling to the top loads the next older page, as a reader scrolling back would.
  for (let pages = 0; pages < 200 && (await older.count()) > 0; pages++) {
    const before = await firstShown();
    await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
    await expect
      .poll(async () => (await older.count()) === 0 || (await firstShown()) !== before)
      .toBe(true);
  }
  await expect(older).toHaveCount(0);
  // Loading older pages kept the reader's place; now scroll to the very beginning.
  await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(alice.getByText('seed 1', { exact: true })).toBeVisible();
  expect(await alice.locator('.message-row').count()).toBeLessThan(150);

  // Jump back to the newest end: still a bounded DOM, and the newest message in view.
  await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(alice.getByText(`seed ${COUNT}`, { exact: true })).toBeVisible();
  expect(await alice.locator('.message-row').count()).toBeLessThan(150);
});
