import type { AckedTable } from './dispatch.js';

/** Handlers of this area's events (filled in by its work). */
export const adminEvents: Partial<AckedTable> = {};
