import type { Cell } from './suppressSmallCells';

/**
 * Secondary (complementary) suppression, DOMAIN §4.6 ("Statistics Finland method").
 *
 * Why: primary suppression hides a count from 1 to threshold-1, but the answer is a table whose line
 * totals an analyst can obtain elsewhere (the same query without one dimension, or the per-year total).
 * A line with exactly one hidden cell gives the hidden count away by subtraction: total minus the
 * visible cells. So in every such line one more cell is hidden, and since hiding a cell can leave a
 * crossing line with a single hidden cell, this repeats until no line has exactly one hidden cell.
 *
 * The table: every cell has a key, one value per dimension (the year when grouped by year, then the
 * breakdowns), in the same dimension order for every cell. A "line along dimension d" is the set of
 * cells that agree on every dimension except d. Cells absent from the table are zeros (SQL GROUP BY
 * returns no row for an empty combination); like a visible 0 (an empty year) they never count as
 * hidden and are never hidden as a complement: DOMAIN §4.6 shows structural zeros as 0.
 *
 * Choice of the complement, in order:
 * 1. a cell that is not "exposed". A cell is exposed when it is the only non-zero cell of one of its
 *    lines: that line's total, which the coarser query publishes, is the cell itself, so hiding it
 *    here protects nothing. An exposed cell is taken only when the line has no other candidate (it
 *    then costs a cell and may still help against an attacker who has only this answer);
 * 2. the smallest count (least information lost);
 * 3. the first in key order (dimension values compared in dimension order: null first, numbers
 *    numerically, strings by code unit), so the same data always gives the same answer.
 *
 * Limitations (documented, deliberately not solved here):
 * - A line whose only non-zero cell is the hidden one cannot be protected within the answer: its total
 *   equals the hidden count. That total is itself a count from 1 to threshold-1, so the coarser answer
 *   that would show it (the same query without dimension d) suppresses it as a primary small cell; the
 *   protection then rests on that other answer, not on this one.
 * - This is the usual greedy heuristic, not an optimal or an audited pattern: "no line with exactly one
 *   hidden cell" is necessary, not sufficient. A hidden cell can still be derivable from several lines
 *   together (in two dimensions: a hidden cell that is a bridge between two otherwise separate groups
 *   of hidden cells), and the possible range of a hidden count can be narrow. In particular the
 *   `suppression` reason is published: a SECONDARY_COMPLEMENTARY cell is known to be at least the
 *   threshold, so a line "primary 1 + complement exactly threshold" with a known total discloses both.
 * - Each answer is protected on its own; nothing coordinates the patterns of different queries.
 */

/** One coordinate of a cell: a dimension value (a code, or the year), null for "none". */
export type DimensionValue = string | number | null;

/**
 * Returns a copy of `cells`, in the same order, in which the complementary cells are hidden (value null,
 * suppressed true, suppression SECONDARY_COMPLEMENTARY); the other cells are returned as given. Pure.
 * `keyOf` gives a cell's dimension values, the same dimensions in the same order for every cell; keys
 * must be unique. Cells already suppressed (primary, or any other reason) count as hidden.
 */
export function suppressComplementary<T extends Cell>(
  cells: readonly T[],
  keyOf: (cell: T) => readonly DimensionValue[],
): T[] {
  const keys = cells.map(keyOf);
  const lines = linesOf(checkedKeys(keys));
  const table: Table = {
    keys,
    counts: cells.map((c) => c.value ?? 0),
    hidden: cells.map((c) => c.suppressed),
    exposed: exposedCells(cells, lines),
  };
  const complementary = new Set<number>();

  // Each pass visits every line in a fixed order; repeat until a pass changes nothing. Every change
  // hides one more cell, so this ends after at most cells.length passes.
  for (let changed = true; changed;) {
    changed = false;
    for (const line of lines) {
      if (line.filter((i) => table.hidden[i]).length !== 1) continue;
      const complement = bestComplement(line, table);
      if (complement === undefined) continue; // the only non-zero cell of its line: see the limitations
      table.hidden[complement] = true;
      complementary.add(complement);
      changed = true;
    }
  }
  return cells.map((cell, i) =>
    complementary.has(i)
      ? { ...cell, value: null, suppressed: true, suppression: 'SECONDARY_COMPLEMENTARY' }
      : cell,
  );
}

/**
 * The lines of a table, as lists of cell indexes: for each dimension in order, the groups of cells
 * that agree on every other dimension. Cells are taken in key order, not in the given order, so the
 * result (and so the pattern chosen) depends only on the table. A table without dimensions has no lines.
 */
export function linesOf(keys: readonly (readonly DimensionValue[])[]): number[][] {
  const dimensions = keys[0]?.length ?? 0;
  const inKeyOrder = keys.map((_, i) => i).sort((a, b) => compareKeys(keys[a]!, keys[b]!));
  const lines: number[][] = [];
  for (let d = 0; d < dimensions; d++) {
    const byRest = new Map<string, number[]>();
    for (const i of inKeyOrder) {
      const rest = JSON.stringify(keys[i]!.filter((_, j) => j !== d));
      const line = byRest.get(rest);
      if (line) line.push(i);
      else byRest.set(rest, [i]);
    }
    lines.push(...byRest.values());
  }
  return lines;
}

/** Orders two keys by their dimension values, in dimension order. */
export function compareKeys(a: readonly DimensionValue[], b: readonly DimensionValue[]): number {
  for (let d = 0; d < Math.min(a.length, b.length); d++) {
    const order = compareValues(a[d] ?? null, b[d] ?? null);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function compareValues(a: DimensionValue, b: DimensionValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  return a < b ? -1 : 1;
}

/** The working state, per cell index. */
interface Table {
  readonly keys: readonly (readonly DimensionValue[])[];
  /** The count; 0 for a cell the caller hid (never read: a hidden cell is no candidate). */
  readonly counts: readonly number[];
  /** Hidden by the caller or by this module so far. */
  readonly hidden: boolean[];
  readonly exposed: ReadonlySet<number>;
}

/** The complement to hide in a line (see the order above), or undefined when no visible non-zero cell is left. */
function bestComplement(line: readonly number[], table: Table): number | undefined {
  const count = (i: number) => table.counts[i]!;
  const exposed = (i: number) => (table.exposed.has(i) ? 1 : 0);
  const candidates = line.filter((i) => !table.hidden[i] && count(i) > 0);
  candidates.sort(
    (a, b) => exposed(a) - exposed(b) || count(a) - count(b) || compareKeys(table.keys[a]!, table.keys[b]!),
  );
  return candidates[0];
}

/** Cells that are the only non-zero cell of one of their lines (hidden or not: a hidden count is non-zero). */
function exposedCells(cells: readonly Cell[], lines: readonly (readonly number[])[]): Set<number> {
  const nonZero = (i: number) => cells[i]!.suppressed || (cells[i]!.value ?? 0) > 0;
  const exposed = new Set<number>();
  for (const line of lines) {
    const nonZeroCells = line.filter(nonZero);
    if (nonZeroCells.length === 1) exposed.add(nonZeroCells[0]!);
  }
  return exposed;
}

/** Every key must have the same number of dimensions and be unique, or lines would mean nothing. */
function checkedKeys(keys: readonly (readonly DimensionValue[])[]): readonly (readonly DimensionValue[])[] {
  const seen = new Set<string>();
  for (const key of keys) {
    if (key.length !== keys[0]!.length) throw new Error('suppressComplementary: keys of different lengths');
    const text = JSON.stringify(key);
    if (seen.has(text)) throw new Error(`suppressComplementary: duplicate cell ${text}`);
    seen.add(text);
  }
  return keys;
}
