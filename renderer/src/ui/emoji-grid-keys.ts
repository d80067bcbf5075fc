/**
 * Arrow-key movement in the emoji picker's grid (the ARIA grid pattern's keys), apart from the
 * component so it can be tested without a browser. Cells are numbered 0..n-1 in reading order
 * across all sections; rows may be short (a section's last row).
 */

/** Where focus goes from cell `current` on `key`: a cell index, -1 for the search box (Up
 * from the top row), or undefined for keys the grid does not handle. */
export function moveInGrid(
  rows: ReadonlyArray<readonly number[]>,
  current: number,
  key: string,
  ctrlKey = false,
): number | undefined {
  const r = rows.findIndex((row) => row.includes(current));
  const row = rows[r];
  const lastCell = rows.at(-1)?.at(-1);
  if (!row || lastCell === undefined) return undefined;
  const column = row.indexOf(current);
  // The same column in another row, or that row's last cell when it is shorter.
  const sameColumn = (other: readonly number[] | undefined) =>
    other ? other[Math.min(column, other.length - 1)] : undefined;
  switch (key) {
    case 'ArrowRight':
      return Math.min(current + 1, lastCell);
    case 'ArrowLeft':
      return Math.max(current - 1, 0);
    case 'ArrowDown':
      return sameColumn(rows[r + 1]) ?? current;
    case 'ArrowUp':
      return r === 0 ? -1 : sameColumn(rows[r - 1]);
    case 'Home':
      return ctrlKey ? 0 : row[0];
    case 'End':
      return ctrlKey ? lastCell : row.at(-1);
    default:
      return undefined;
  }
}
