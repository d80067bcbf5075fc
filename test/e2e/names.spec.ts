import { expect, person, send, signUp, test } from './fixtures';

/**
 * Anyone can take anyone's display name: where two people in view share one, both show their
 * usernames (and a look-alike counts as the same name).
 */
test('two people called Alice are told apart by their usernames', async ({ browser, server }) => {
  const alice = await person(browser, server.url);
  await signUp(alice, 'alice', 'Alice');
  await send(alice, 'hi, I am the real one');
  const authors = alice.locator('.message-header .author');
  await expect(authors).toHaveText(['Alice']);

  const mallory = await person(browser, server.url);
  await signUp(mallory, 'mallory', '\u0410lice'); // a Cyrillic А
  await send(mallory, 'no, I am');
  await expect(authors).toHaveText(['Alice (@alice)', '\u0410lice (@mallory)']);
  await expect(mallory.locator('.message-header .author')).toHaveText([
    'Alice (@alice)',
    '\u0410lice (@mallory)',
  ]);
});
