import type { Page } from '@playwright/test';
import { io } from 'socket.io-client';
import { CliServer } from '../cli-server';
import { bridgeCalls, bridgeFire, hostRunning, installBridge } from './desktop-bridge';
import {
  createRoom,
  joinRoom,
  expect,
  openAdminPanel,
  person,
  send,
  shownTexts,
  signUp,
  test,
  twoPeople,
} from './fixtures';

/**
 * The `admin` role (issue 14), not just the owner: alice (the owner) makes bob an admin from the
 * panel; bob then saves the Server tab (without the owner-only policy), deletes carol's message
 * and removes her from a room. And an archived room is read-only in its thread panel too.
 */

test.describe.configure({ timeout: 180_000 });

const rooms = (page: Page) => page.getByRole('navigation', { name: 'Rooms' });
const threadPanel = (page: Page) => page.getByRole('complementary', { name: 'Thread' });

test('a promoted admin saves the Server tab, deletes a member’s message and removes a member from a room', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  const carol = await person(browser, server.url);
  await signUp(carol, 'carol', 'Carol');
  await expect(bob.getByRole('button', { name: 'Server admin' })).toHaveCount(0);

  // The owner makes bob an admin; his admin entry shows without a reload.
  const ownerPanel = await openAdminPanel(alice);
  const bobRow = ownerPanel.locator('tr[data-username="bob"]');
  await bobRow.getByRole('button', { name: 'Make admin: @bob' }).click();
  await expect(bobRow.getByRole('cell').first()).toHaveText('Admin');
  // The owner watches the Server tab: it follows what another admin saves.
  await alice.getByRole('tab', { name: 'Server' }).click();
  await expect(ownerPanel.getByLabel('Server name')).toHaveValue('E2E');

  // bob, an admin: the owner-only policy is shown, not offered; name and registration save.
  const panel = await openAdminPanel(bob);
  await bob.getByRole('tab', { name: 'Server' }).click();
  await expect(panel.getByLabel('Server name')).toHaveValue('E2E');
  await expect(
    panel.getByRole('group', { name: /When someone deletes their account/ }),
  ).toHaveCount(0);
  await expect(panel.getByText(/only the owner can change this/)).toBeVisible();
  await panel.getByLabel('Server name').fill('Team chat');
  await panel.getByRole('radio', { name: /^Invite:/ }).check();
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(panel.getByRole('alert')).toHaveCount(0);

  // Stored and told: /api/info, the owner's open tab, and everyone's title.
  const info = (await (await bob.request.get(`${server.url}/api/info`)).json()) as {
    name: string;
    registration: string;
  };
  expect(info).toMatchObject({ name: 'Team chat', registration: 'invite' });
  await expect(ownerPanel.getByLabel('Server name')).toHaveValue('Team chat');
  await expect(ownerPanel.getByRole('radio', { name: /^Invite:/ })).toBeChecked();
  await expect(carol).toHaveTitle(/Parley · Team chat$/);
  await bob.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);

  // bob deletes carol's message in #general: Delete is offered to an admin, and it goes for all.
  await send(carol, 'buy cheap watches');
  const spam = bob.locator('.message-row .message', { hasText: 'buy cheap watches' });
  await spam.hover();
  await spam
    .getByRole('toolbar', { name: 'Message actions' })
    .getByRole('button', { name: 'Delete', exact: true })
    .click();
  await bob
    .getByRole('dialog', { name: 'Delete message?' })
    .getByRole('button', { name: 'Delete' })
    .click();
  for (const page of [alice, bob, carol])
    await expect(
      page.locator('.message.deleted', { has: page.locator('.message-deleted') }),
    ).toHaveCount(1);
  await expect(carol.getByText('buy cheap watches')).toHaveCount(0);

  // carol's room: bob, an admin but not its creator, removes her from it.
  await createRoom(carol, 'side');
  await joinRoom(bob, 'side');
  await bob.getByRole('button', { name: 'Members' }).click();
  const remove = bob.getByRole('button', { name: 'Remove Carol (@carol) from room' });
  // Cancel puts the button back with the focus on it.
  await remove.click();
  await bob.getByRole('button', { name: 'Cancel' }).click();
  await expect(remove).toBeFocused();
  await remove.click();
  await bob.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(bob.getByRole('heading', { name: 'Members (1)' })).toBeVisible();
  await expect(
    carol.getByRole('status').filter({ hasText: 'You were removed from #side' }),
  ).toBeAttached();
  await expect(carol.getByText('You were removed from #side.')).toBeVisible();
  await expect(rooms(carol).getByRole('button', { name: '#side' })).toHaveCount(0);
});

test('an archived room is read-only in its thread panel too: no toolbar, no new reaction, pills do nothing', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  await createRoom(bob, 'project');
  await joinRoom(alice, 'project');
  await send(alice, 'Release on Monday?');
  const root = bob.locator('.message-row .message', { hasText: 'Release on Monday?' });
  await expect(root).toBeVisible();

  // bob reacts to the root, opens its thread; alice answers there.
  await root.hover();
  await root.getByRole('button', { name: 'Add reaction' }).click();
  await bob.getByRole('searchbox', { name: 'Search emoji' }).fill('thumbs');
  await bob.getByRole('button', { name: 'thumbs up', exact: true }).click();
  await expect(root.getByRole('button', { name: '👍 1' })).toHaveAttribute('aria-pressed', 'true');
  await root.hover();
  await root.getByRole('button', { name: 'Reply in thread' }).click();
  const aliceRoot = alice.locator('.message-row .message', { hasText: 'Release on Monday?' });
  await aliceRoot.hover();
  await aliceRoot.getByRole('button', { name: 'Reply in thread' }).click();
  const box = threadPanel(alice).getByRole('textbox', { name: 'Reply in thread' });
  await box.fill('Tuesday is safer');
  await box.press('Enter');
  const reply = threadPanel(bob).locator('.message', { hasText: 'Tuesday is safer' });
  await expect(reply).toBeVisible();
  await reply.hover();
  await expect(reply.getByRole('toolbar', { name: 'Message actions' })).toBeVisible();

  // bob, its creator, archives the room while the thread stays open.
  await bob.getByRole('button', { name: 'Room settings' }).click();
  const settings = bob.getByRole('dialog', { name: 'Room settings: #project' });
  await settings.getByRole('button', { name: 'Archive room' }).click();
  await expect(settings.getByRole('button', { name: 'Unarchive room' })).toBeVisible();
  await settings.getByRole('button', { name: 'Close' }).click();

  for (const page of [alice, bob]) {
    const panel = threadPanel(page);
    await expect(panel).toBeVisible();
    await expect(panel.getByText('This room is archived. It is read-only.')).toBeVisible();
    await expect(panel.getByRole('textbox', { name: 'Reply in thread' })).toHaveCount(0);
    const rows = panel.locator('.message');
    await expect(rows).toHaveCount(2);
    for (const row of await rows.all()) {
      await row.hover();
      await expect(row.getByRole('toolbar', { name: 'Message actions' })).toHaveCount(0);
      for (const action of ['Edit', 'Delete', 'Add reaction', 'Reply'])
        await expect(row.getByRole('button', { name: action, exact: true })).toHaveCount(0);
    }
  }

  // The reaction pill still says who reacted, but is disabled, in the thread and the room.
  const pills = [
    threadPanel(bob).getByRole('button', { name: '👍 1' }),
    root.getByRole('button', { name: '👍 1' }),
  ];
  for (const pill of pills) {
    await expect(pill).toBeDisabled();
    await expect(pill).toHaveAccessibleDescription('You reacted with 👍');
    await pill.click({ force: true });
  }
  await expect(root.getByRole('button', { name: '👍 1' })).toHaveAttribute('aria-pressed', 'true');
  await expect(bob.getByRole('alert')).toHaveCount(0);
  await expect(shownTexts(bob)).toHaveText(['Release on Monday?']);
});

/** An owner's socket on `url` (the first account there), for what the test sets up. */
async function ownerSocket(url: string) {
  const made = await fetch(`${url}/api/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'host', password: 'correct horse' }),
  });
  expect(made.status).toBe(201);
  const { token } = (await made.json()) as { token: string };
  const socket = io(url, { auth: { token }, transports: ['websocket'], forceNew: true });
  const ask = async (event: string, payload: object) =>
    (await socket.timeout(5000).emitWithAck(event, payload)) as Record<string, unknown> & {
      ok: boolean;
    };
  return { socket, ask };
}

test('desktop: a member asking for the admin panel is told why, and the rail keeps their own label', async ({
  browser,
  server,
}) => {
  // Stands in for the server this computer hosts, whose owner is someone else.
  const hosted = new CliServer(['--name', 'Desk', '--allow-origin', server.url]);
  await hosted.start();
  const owner = await ownerSocket(hosted.url);
  try {
    const page = await (await browser.newContext()).newPage();
    await installBridge(page, {
      keepTokens: true,
      servers: [{ name: 'Desk', url: hosted.url }],
    });
    await page.goto(server.url);
    await signUp(page, 'mallory', 'Mallory');
    await bridgeFire(page, 'host', hostRunning(hosted, { connections: 1, people: 2 }));
    await page.getByRole('button', { name: 'Hosting (running)' }).click();
    await page.getByRole('button', { name: 'Open admin panel' }).click();
    await expect(page.getByText('Only admins can open the admin panel.')).toBeVisible();
    await expect(
      page.getByRole('status').filter({ hasText: 'Only admins can open the admin panel' }),
    ).toBeAttached();
    await expect(page.getByRole('dialog', { name: 'Server admin' })).toHaveCount(0);

    // Made an admin later: the entry shows, and the old request does not pop the panel open.
    const found = await owner.ask('admin:users', { query: 'mallory' });
    const [mallory] = found.users as Array<{ id: number }>;
    expect((await owner.ask('admin:role', { userId: mallory?.id, role: 'admin' })).ok).toBe(true);
    await expect(page.getByRole('button', { name: 'Server admin' })).toBeVisible();
    // The old code opened it in the effects of that same render: give them time to run.
    await page.waitForTimeout(500);
    await expect(page.getByRole('dialog', { name: 'Server admin' })).toHaveCount(0);

    // The server's admin renames it: the title follows, the rail keeps the person's label and
    // the saved entry is not written (only the host screen's own open saved it, under "Desk").
    const saves = (await bridgeCalls(page, 'addServer')).length;
    expect((await owner.ask('admin:settings-update', { name: 'Company HQ' })).ok).toBe(true);
    await expect(page).toHaveTitle(/Parley · Company HQ$/);
    await expect(page.locator('.server-name')).toHaveText('Company HQ');
    const rail = page.getByRole('navigation', { name: 'Servers' });
    await expect(rail.getByRole('button', { name: 'Desk', exact: true })).toBeVisible();
    await expect(rail.getByRole('button', { name: /Company HQ/ })).toHaveCount(0);
    expect(await bridgeCalls(page, 'addServer')).toHaveLength(saves);
  } finally {
    owner.socket.disconnect();
    await hosted.dispose();
  }
});
