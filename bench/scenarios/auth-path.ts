import type { BenchOptions } from '../lib/context.js';

/** Placeholder: the in-process handshake micro-benchmark (issue 16) is being built. */
export async function authPath(_options: BenchOptions): Promise<unknown> {
  throw new Error('auth-path: not built yet');
}
