import type { BenchOptions } from '../lib/context.js';

/** Placeholder: the Chromium long-task measurement (issue 16) is being built. */
export async function rendererLongTasks(_options: BenchOptions): Promise<unknown> {
  throw new Error('long-tasks: not built yet');
}
