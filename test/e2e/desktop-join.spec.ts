import { CliServer } from '../cli-server';
import { bridgeCalls, installBridge } from './desktop-bridge';
import { expect, screenshotPath, test } from './fixtures';

/**
 * Joining from the desktop app's "Add a server" screen: a server found on the network, and an
 * invite pasted in. The preload bridge is a stand-in (see desktop-bridge.ts); the servers are real.
 */
test('desktop: join a server found on the network, then one from an invite', async ({
  browser,
  server,
}) => {
  const guild = new CliServer([
    '--name',
    'Guild',
    '--registration',
    'invite',
    '--allow-origin',
    server.url,
  ]);
  await guild.start();
  try {
    // Guild's owner exists already and made a single-use code.
    const post = (path: string, body?: unknown, token?: string) =>
      fetch(guild.url + path, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then((answer) => answer.json());
    const owner = await post('/api/register', {
      username: 'guildmaster',
      password: 'correct horse',
    });
    const { code, expiresAt } = await post('/api/invites', undefined, owner.token);
    const invite = { serverUrl: guild.url, name: 'Guild', code, expiresAt };

    const page = await (await browser.newContext()).newPage();
    const serverId = (await (await fetch(`${server.url}/api/info`)).json()).serverId;
    await installBridge(page, {
      keepTokens: true,
      invite: { ok: true, invite },
      lan: [{ name: 'E2E', url: server.url, serverId }],
    });
    await page.goto(server.url);

    // On your network: one click joins, and the fresh server asks for its owner.
    const lan = page.getByRole('region', { name: 'On your network' });
    await expect(lan.getByRole('button', { name: 'Join E2E' })).toBeVisible();
    await page.screenshot({ path: screenshotPath('desktop-add-server'), fullPage: true });
    await page.getByRole('button', { name: 'Host a server', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Host a server' })).toBeVisible();
    await page.screenshot({ path: screenshotPath('desktop-host'), fullPage: true });
    await page.getByRole('button', { name: 'Add a server' }).click();
    await lan.getByRole('button', { name: 'Join E2E' }).click();
    await expect(page.getByRole('heading', { name: 'Create the owner account' })).toBeVisible();
    await page.getByLabel('Username').fill('host');
    await page.getByLabel('Password').fill('correct horse');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { name: '#general' })).toBeVisible();

    // The owner can invite people (desktop only); the dialog shows the link's text form.
    await page.getByRole('button', { name: 'Invite people' }).click();
    await expect(page.getByLabel('Invite (link and text)')).toHaveValue(/parley:\/\/join\?v=1/);
    await page.getByRole('button', { name: 'Close' }).click();

    // An invite pasted in: nothing is added until the person has seen the server and said yes;
    // then registration opens with the code filled in.
    await page.getByRole('button', { name: 'Add a server' }).click();
    await page.getByLabel('Paste the invite link or text').fill('parley://join?…');
    await page.getByRole('button', { name: 'Use invite' }).click();
    const offer = page.getByRole('dialog', { name: 'Add this server?' });
    await expect(offer).toContainText('Guild');
    await expect(offer).toContainText(guild.url);
    await expect(page.getByRole('button', { name: 'Cancel' })).toBeFocused();
    expect(await bridgeCalls(page, 'addServer')).toHaveLength(1);
    await page.screenshot({ path: screenshotPath('desktop-invite-offer') });
    await offer.getByRole('button', { name: 'Add server' }).click();
    await expect(page.getByRole('heading', { name: 'Create an account' })).toBeVisible();
    await expect(page.getByLabel('Invite code')).toHaveValue(code);
    await page.getByLabel('Username').fill('newcomer');
    await page.getByLabel('Password').fill('correct horse');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { name: '#general' })).toBeVisible();
    expect(await bridgeCalls(page, 'addServer')).toEqual([
      { name: 'E2E', url: server.url },
      { name: 'Guild', url: guild.url },
    ]);
    // The code was single-use: a second account with it is refused.
    const again = await post('/api/register', {
      username: 'copycat',
      password: 'correct horse',
      invite: code,
    });
    expect(again.error.code).toBe('invalid_invite');
  } finally {
    await guild.dispose();
  }
});
