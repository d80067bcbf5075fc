import type { Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { createRoom, joinRoom, expect, send, shownTexts, test, twoPeople } from './fixtures';

/**
 * Room settings (issue 14): the room's creator (and admins) rename it, set its topic and archive
 * it; admins remove members and delete rooms. alice is the owner (an admin), bob a member.
 */

test.describe.configure({ timeout: 180_000 });

const composer = (page: Page) => page.getByRole('textbox', { name: /^Message / });
const notice = (page: Page) => page.getByText('This room is archived. It is read-only.');

test('archive a room and it becomes read-only, for its creator and a member; unarchive brings it back', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  // bob, a member, made the room: its settings are his.
  await createRoom(bob, 'project');
  await joinRoom(alice, 'project');
  await send(alice, 'the last word before the archive');
  await expect(shownTexts(bob).last()).toHaveText('the last word before the archive');

  await bob.getByRole('button', { name: 'Room settings' }).click();
  const settings = bob.getByRole('dialog', { name: 'Room settings: #project' });
  await settings.getByLabel('Topic').fill('Shipping the thing');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(settings.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  // Everyone in the room sees the topic in its header.
  await expect(alice.locator('.room-topic')).toHaveText('Shipping the thing');
  await expectAccessible(bob, 'room settings dialog', { include: 'dialog[open]' });

  await settings.getByRole('button', { name: 'Archive room' }).click();
  await expect(settings.getByRole('button', { name: 'Unarchive room' })).toBeVisible();
  await settings.getByRole('button', { name: 'Close' }).click();

  for (const page of [alice, bob]) {
    await expect(notice(page)).toBeVisible();
    await expect(composer(page)).toHaveCount(0);
    // No edit, delete or reaction buttons on the messages either.
    await shownTexts(page).last().hover();
    await expect(page.locator('.message-toolbar:visible')).toHaveCount(0);
    await expect(
      page
        .getByRole('navigation', { name: 'Rooms' })
        .getByRole('button', { name: '#project, archived' }),
    ).toBeVisible();
  }
  await expectAccessible(bob, 'archived room');

  // Its creator unarchives it from the notice; both composers are back.
  await bob.getByRole('button', { name: 'Unarchive' }).click();
  for (const page of [alice, bob]) {
    await expect(composer(page)).toBeVisible();
    await expect(notice(page)).toHaveCount(0);
  }
  await send(bob, 'back in business');
  await expect(shownTexts(alice).last()).toHaveText('back in business');
});

test('an admin removes a member and deletes a room: each is told, and the room goes from the sidebar', async ({
  browser,
  server,
}) => {
  const { alice, bob } = await twoPeople(browser, server.url);
  await createRoom(bob, 'side');
  await joinRoom(alice, 'side');
  // A member who did not make the room has no settings for it.
  await createRoom(alice, 'plans');
  await joinRoom(bob, 'plans');
  await expect(bob.getByRole('button', { name: 'Room settings' })).toHaveCount(0);

  const rooms = (page: Page) => page.getByRole('navigation', { name: 'Rooms' });
  await rooms(bob).getByRole('button', { name: '#side' }).click();
  await expect(bob.getByRole('heading', { name: '#side' })).toBeVisible();
  await rooms(alice).getByRole('button', { name: '#side' }).click();
  await alice.getByRole('button', { name: 'Members' }).click();
  await alice.getByRole('button', { name: 'Remove Bob (@bob) from room' }).click();
  await alice.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(alice.getByRole('heading', { name: 'Members (1)' })).toBeVisible();
  // bob was looking at #side: it is gone from his sidebar, he is moved on, and he is told.
  await expect(
    bob.getByRole('status').filter({ hasText: 'You were removed from #side' }),
  ).toBeVisible();
  await expect(
    bob.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: '#side' }),
  ).toHaveCount(0);
  await expect(bob.getByRole('heading', { name: '#side' })).toHaveCount(0);

  // Deleting asks for the room's name; bob, in #plans, is moved out of it and told.
  await alice
    .getByRole('navigation', { name: 'Rooms' })
    .getByRole('button', { name: '#plans' })
    .click();
  await bob
    .getByRole('navigation', { name: 'Rooms' })
    .getByRole('button', { name: '#plans' })
    .click();
  await expect(bob.getByRole('heading', { name: '#plans' })).toBeVisible();
  await alice.getByRole('button', { name: 'Room settings' }).click();
  await alice.getByRole('button', { name: 'Delete room…' }).click();
  const confirm = alice.getByRole('dialog', { name: 'Delete #plans?' });
  await expect(confirm.getByRole('button', { name: 'Delete room' })).toBeDisabled();
  await confirm.getByLabel(/Type the room's name/).fill('plans');
  await expectAccessible(alice, 'delete room dialog', { include: 'dialog[open] dialog[open]' });
  await confirm.getByRole('button', { name: 'Delete room' }).click();
  await expect(bob.getByRole('status').filter({ hasText: '#plans was deleted' })).toBeVisible();
  await expect(bob.getByRole('heading', { name: '#general' })).toBeVisible();
  for (const page of [alice, bob])
    await expect(
      page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: '#plans' }),
    ).toHaveCount(0);
});
