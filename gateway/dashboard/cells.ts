/** A published count: a number, or hidden for a reason (never shown as zero). */
export interface Cell {
  value: number | null;
  suppressed: boolean;
  suppression: string | null;
  threshold: number;
  /** Cell-key perturbation: the value is the true count ± at most maxDeviation. */
  perturbed?: boolean;
  maxDeviation?: number;
}

/** The text a table and a CSV show for a cell: "< 5" for a small cell, "suppressed" for a complement. */
export function cellText(cell: Cell | undefined): string {
  if (!cell) return '0';
  if (!cell.suppressed) return String(cell.value ?? 0);
  switch (cell.suppression) {
    case 'PRIMARY_SMALL_CELL':
      return `< ${cell.threshold}`;
    case 'NOT_REPORTED':
      return 'not reported';
    default:
      return 'suppressed';
  }
}

/** Several countries' cells added up: the visible part, and how many parts were hidden. */
export interface CellSum {
  visible: number;
  hiddenParts: number;
  parts: Cell[];
}

export function sumCells(cells: readonly Cell[]): CellSum {
  let visible = 0;
  let hiddenParts = 0;
  for (const cell of cells) {
    if (cell.suppressed) hiddenParts += 1;
    else visible += cell.value ?? 0;
  }
  return { visible, hiddenParts, parts: [...cells] };
}

/** A sum with hidden parts is at least its visible part: "120+" (or the one hidden part's own text). */
export function sumText(sum: CellSum): string {
  if (sum.hiddenParts === 0) return String(sum.visible);
  if (sum.parts.length === 1) return cellText(sum.parts[0]);
  if (sum.visible === 0) return 'suppressed';
  return `${sum.visible}+`;
}

/** The value a chart draws: visible counts only; a hidden cell is not drawn (and listed under the chart). */
export function chartValue(cell: Cell | undefined): number | null {
  if (!cell) return 0;
  return cell.suppressed ? null : (cell.value ?? 0);
}
