/**
 * Creates accounts straight in the data dir before the server starts: the CLI's registration
 * limit (20 an hour per address) would stop a test that needs many users from one address.
 * All share one password hash; logins still go through the server.
 */
export async function seedUsers(
  dataDir: string,
  usernames: string[],
  password = 'correct horse',
): Promise<void> {
  const { openSqliteStore } = await import('../../server/storage/sqlite/sqlite-store.js');
  const { hashPassword } = await import('../../server/auth/passwords.js');
  const store = openSqliteStore(dataDir);
  const passwordHash = await hashPassword(password, 16384);
  for (const username of usernames) {
    const outcome = await store.registerUser(
      { username, displayName: username, passwordHash },
      // Straight in the store, as the person who owns the data dir: no setup code to check.
      { policy: 'open', now: Date.now(), setupVerified: true },
    );
    if (!outcome.ok) throw new Error(outcome.reason);
  }
  await store.close();
}

/** Logs in over HTTP and returns the access token. */
export async function loginToken(
  url: string,
  username: string,
  password = 'correct horse',
): Promise<string> {
  const response = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json()) as { token?: string };
  if (!body.token) throw new Error(`login ${username}: ${JSON.stringify(body)}`);
  return body.token;
}
