/**
 * The Node (V8) flags the chat server runs with wherever this project starts its CLI:
 * `npm run server`, docs/deploy/parley.service and compose.yaml, the bench and the tests
 * (test/server/node-flags.test.ts keeps them the same).
 *
 * `--max-semi-space-size=64`: a young generation of up to 64 MB a semi-space, against V8's 16.
 * With 16, a busy fan-out server sometimes spent a whole run in a mode where each scavenge
 * promoted ~1.3 MB of packets, with pauses of 7-18 ms instead of 1-3, and its p99 from 300
 * msg/s on was 60-100 ms instead of 10-20 (docs/bench-fanout-semi-space-2026-12-06.txt).
 *
 * The flags are part of V8's code-cache check: a CLI started with other flags rejects the cache
 * (dist/server/cli-bundle.cjs.cache) that the last start wrote and writes its own, so every
 * start path must pass the same ones or each start compiles the bundle afresh.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
