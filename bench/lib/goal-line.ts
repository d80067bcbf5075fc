/** What a headline goal's verdict is made of, and how the goals read a results object. */

/** One goal's line in the bench's output. */
export interface Goal {
  goal: string;
  figure: string;
  verdict: 'met' | 'not met' | 'n/a';
}

/** The value at `path` in a results object, or undefined where any step of it is missing. */
export const get = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (inner, key) =>
      typeof inner === 'object' && inner !== null
        ? (inner as Record<string, unknown>)[key]
        : undefined,
    value,
  );
