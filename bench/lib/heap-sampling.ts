import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Session } from 'node:inspector/promises';

let session: Session | undefined;

/**
 * Calls every server worker answers (through `processStats`) to find what fills its old
 * generation: bench/tools/fanout-steady.ts calls them around its measured rounds when
 * BENCH_HEAP_SAMPLE is set, and bench/tools/heapprofile-summary.ts reads the profile.
 */
export const heapSampling = {
  /**
   * Starts V8's sampling heap profiler, keeping what a scavenge did not free (objects still
   * alive, or freed only by a mark-compact): what the old generation fills with.
   */
  heapSampleStart: async (samplingInterval = 8192) => {
    if (session) throw new Error('heap sampling already running');
    const started = new Session();
    started.connect();
    try {
      await started.post('HeapProfiler.enable');
      // An engine without this (experimental) parameter would ignore it silently and keep only
      // live objects; Node 20's V8 has it (kSamplingIncludeObjectsCollectedByMajorGC).
      await started.post('HeapProfiler.startSampling', {
        samplingInterval,
        includeObjectsCollectedByMajorGC: true,
      });
    } catch (error) {
      started.disconnect();
      throw error;
    }
    session = started;
  },
  /** Stops the sampling and writes its profile (JSON) to `file`. */
  heapSampleStop: async (file: string) => {
    if (!session) throw new Error('heapSampleStart first');
    const running = session;
    session = undefined;
    try {
      const { profile } = await running.post('HeapProfiler.stopSampling');
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      return file;
    } finally {
      running.disconnect();
    }
  },
};
