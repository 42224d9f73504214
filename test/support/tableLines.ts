/**
 * Checks on published statistics tables, computed in the tests independently of the suppression module.
 */

/**
 * The lines of a table, computed independently of the suppression module: for each dimension, the groups of
 * cells that agree on all the other dimensions.
 */
export function lines<T>(cells: readonly T[], keyOf: (cell: T) => readonly unknown[]): T[][] {
  const dimensions = cells.length === 0 ? 0 : keyOf(cells[0]!).length;
  const result: T[][] = [];
  for (let d = 0; d < dimensions; d++) {
    const groups = new Map<string, T[]>();
    for (const c of cells) {
      const rest = JSON.stringify(keyOf(c).filter((_, j) => j !== d));
      groups.set(rest, [...(groups.get(rest) ?? []), c]);
    }
    result.push(...groups.values());
  }
  return result;
}

/** The lines with exactly one suppressed cell although they hold another non-zero cell. */
export function unprotectedLines<T extends { suppressed: boolean; value: number | null }>(
  cells: readonly T[],
  keyOf: (cell: T) => readonly unknown[],
): T[][] {
  return lines(cells, keyOf).filter(
    (line) =>
      line.filter((c) => c.suppressed).length === 1 &&
      line.filter((c) => c.suppressed || (c.value ?? 0) > 0).length > 1,
  );
}
