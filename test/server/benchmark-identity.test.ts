import { describe, expect, it } from 'vitest';
import { connect, openSocket, refusal, register, startServer } from './helpers.js';
import { send } from './message-helpers.js';

/**
 * `unsafeSkipAuthForBenchmarks` takes a bare `auth.userId` unchecked, so that the connect
 * benchmark can measure bursts with and without tokens on one server process. A handshake that
 * carries a token must still meet the real check: the option must not turn a bad token, or a
 * token for one user beside another user's id, into a way in.
 */
describe('the benchmark identity', () => {
  const start = () => startServer({ unsafeSkipAuthForBenchmarks: true, scryptCost: 1024 });

  it('takes a bare userId unchecked, and labels its messages with that user', async () => {
    const { url } = await start();
    const alice = await register(url, 'alice');
    const socket = await connect(url, '', { auth: { userId: alice.user.id } });
    expect((await send(socket, 'bare')).author.id).toBe(alice.user.id);
  });

  it('verifies a token when one is given: the identity is the token’s, not auth.userId', async () => {
    const { url } = await start();
    const alice = await register(url, 'alice');
    const bob = await register(url, 'bob');
    const socket = await connect(url, alice.token, {
      auth: { token: alice.token, userId: bob.user.id },
    });
    expect((await send(socket, 'with a token')).author.id).toBe(alice.user.id);
  });

  it('refuses a bad token in auth, in the Authorization header, or in the URL', async () => {
    const { url } = await start();
    const bob = await register(url, 'bob');
    const forged = `${bob.token.slice(0, -4)}AAAA`;
    const userId = bob.user.id;
    expect(await refusal(url, { auth: { token: forged, userId } })).toMatchObject({
      code: 'invalid_token',
    });
    expect(
      await refusal(url, {
        auth: { userId },
        extraHeaders: { authorization: `Bearer ${forged}` },
        transports: ['polling'],
      }),
    ).toMatchObject({ code: 'invalid_token' });
    // Tokens in URLs are refused outright, as without the option.
    expect(await refusal(url, { auth: { userId }, query: { token: bob.token } })).toMatchObject({
      code: 'credentials_required',
    });
    // A token that is not a string is no token: refused, not taken for a bare userId.
    expect(await refusal(url, { auth: { token: 42, userId } })).toMatchObject({
      code: 'credentials_required',
    });
  });

  it('refuses a forged token in the URL where URL tokens are allowed', async () => {
    const { url } = await startServer({
      unsafeSkipAuthForBenchmarks: true,
      allowQueryToken: true,
      scryptCost: 1024,
    });
    const bob = await register(url, 'bob');
    const forged = `${bob.token.slice(0, -4)}AAAA`;
    expect(
      await refusal(url, { auth: { userId: bob.user.id }, query: { token: forged } }),
    ).toMatchObject({ code: 'invalid_token' });
  });

  it('refuses a bare handshake whose userId names nobody', async () => {
    const { url } = await start();
    const socket = openSocket(url, { auth: { userId: 999 } });
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(error.message).toBe('unknown userId');
  });
});
