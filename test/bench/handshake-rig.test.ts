import { afterAll, describe, expect, it } from 'vitest';
import { startRig, type HandshakeRig } from '../../bench/servers/handshake-rig.js';

/**
 * The auth-path micro-benchmark (`npm run bench -- --only auth`) runs the server's own handshake
 * middlewares on socket-shaped objects; a middleware that reads more of the socket than the rig
 * gives it broke the bench once, unseen until a full run. This runs the rig as the bench does.
 */
describe('the handshake rig of the auth-path bench', () => {
  const rigs: HandshakeRig[] = [];
  afterAll(async () => Promise.all(rigs.map((rig) => rig.close())));

  it('passes fresh and repeated tokens through the whole chain, and refuses a forged one', async () => {
    // One socket per user: the second handshake of a user is admitted only if the first one's
    // connection, closed by the rig, gave its place back.
    const rig = await startRig(false, 3, 2, 1);
    rigs.push(rig);
    for (const auth of rig.freshAuths(1)) {
      await rig.handshake(auth);
      await rig.handshake(auth);
    }
    await expect(rig.handshake({ token: 'not.a.token' })).rejects.toThrow();
  });

  it('passes the benchmark identity without auth', async () => {
    const rig = await startRig(true, 3, 2, 1);
    rigs.push(rig);
    for (const auth of rig.auths) {
      await rig.handshake(auth);
      await rig.handshake(auth);
    }
    await expect(rig.handshake({ userId: 999_999 })).rejects.toThrow();
  });
});
