import type { BenchOptions } from '../lib/context.js';
import { percentile, spread, type Spread } from '../lib/stats.js';
import { startRig, type HandshakeRig } from '../servers/handshake-rig.js';

/** Users (and so sessions) per server; a round is one handshake of each. */
const USERS = 2000;

/** What the auth path costs against the no-auth path, in process. */
export interface AuthPathResult {
  /** Tokens the server has not seen before (a first connect, or one after a token refresh). */
  parleyUsPerHandshake: Spread;
  noAuthUsPerHandshake: Spread;
  /** The median of the per-round ratios, minus 1: 0.1 means the auth path costs 10% more. */
  overhead: number;
  roundRatios: number[];
  /** The same tokens presented again (a reconnect with the token the client holds). */
  reconnectUsPerHandshake: Spread;
  reconnectOverhead: number;
}

/** Runs a handshake for each auth, one after another; µs per handshake. */
async function timed(rig: HandshakeRig, auths: object[]): Promise<number> {
  const t0 = performance.now();
  for (const auth of auths) await rig.handshake(auth);
  return ((performance.now() - t0) * 1000) / auths.length;
}

/**
 * The handshake's auth path alone (issue 16): the middlewares a real server installs (token
 * verify, session lookup, identity, socket cap, member rooms) run in process on socket-shaped
 * objects, against the same chain with the benchmark identity (find the user, member rooms).
 * No sockets, so nothing but the middlewares is timed. Each round gives every session a token
 * the server has not seen, then presents those again (a reconnect); auth and no-auth alternate,
 * in alternating order, so that drift (GC, CPU frequency) falls on both alike.
 */
export async function authPath(options: BenchOptions): Promise<AuthPathResult> {
  const rounds = options.quick ? 5 : 9;
  const [auth, noAuth] = [await startRig(false, USERS), await startRig(true, USERS)];
  try {
    // Warm-up: JIT both paths, fill SQLite's page cache, and touch every user once.
    await timed(auth, auth.auths);
    await timed(noAuth, noAuth.auths);
    const firstUs: number[] = [];
    const againUs: number[] = [];
    const noAuthUs: number[] = [];
    const ratios: number[] = [];
    const againRatios: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const fresh = auth.freshAuths(round + 1);
      globalThis.gc?.();
      let n = 0;
      if (round % 2 === 1) n = await timed(noAuth, noAuth.auths);
      const first = await timed(auth, fresh);
      const again = await timed(auth, fresh);
      if (round % 2 === 0) n = await timed(noAuth, noAuth.auths);
      firstUs.push(first);
      againUs.push(again);
      noAuthUs.push(n);
      ratios.push(first / n);
      againRatios.push(again / n);
    }
    return {
      parleyUsPerHandshake: spread(firstUs),
      noAuthUsPerHandshake: spread(noAuthUs),
      overhead: percentile(ratios, 50) - 1,
      roundRatios: ratios,
      reconnectUsPerHandshake: spread(againUs),
      reconnectOverhead: percentile(againRatios, 50) - 1,
    };
  } finally {
    await auth.close();
    await noAuth.close();
  }
}
