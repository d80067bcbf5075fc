/**
 * `npm run test:reliability` sets RELIABILITY=full; inside `npm test` the same suites run at a
 * smaller scale that still asserts everything.
 */
export const FULL = process.env.RELIABILITY === 'full';
export const scale = (short: number, full: number) => (FULL ? full : short);
