import { writeFileSync } from 'node:fs';
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
  heapSampleStart: async () => {
    if (session) throw new Error('heap sampling already running');
    session = new Session();
    session.connect();
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 8192,
      includeObjectsCollectedByMajorGC: true,
    });
  },
  /** Stops the sampling and writes its profile (JSON) to `file`. */
  heapSampleStop: async (file: string) => {
    if (!session) throw new Error('heapSampleStart first');
    const { profile } = await session.post('HeapProfiler.stopSampling');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    session = undefined;
    return file;
  },
};
