import { formatNumber, t } from './i18n';

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

/**
 * One cell of a table as shown and as exported: the text in the page's language, the number alone
 * (null when hidden) and a flag in fixed English words for the CSV's flag column.
 */
export interface TableCell {
  text: string;
  value: number | null;
  flag: string;
  kind: 'figure' | 'suppressed' | 'partly-suppressed' | 'unavailable';
}

/** The flag a hidden cell carries in a CSV ("< 5", "suppressed", "not reported"); stable across languages. */
function hiddenFlag(cell: Cell): string {
  switch (cell.suppression) {
    case 'PRIMARY_SMALL_CELL':
      return `< ${cell.threshold}`;
    case 'NOT_REPORTED':
      return 'not reported';
    default:
      return 'suppressed';
  }
}

/** The text a table shows for a cell: "< 5" for a small cell, "suppressed" for a complement. */
export function cellText(cell: Cell | undefined): string {
  if (!cell) return formatNumber(0);
  if (!cell.suppressed) return formatNumber(cell.value ?? 0);
  switch (cell.suppression) {
    case 'PRIMARY_SMALL_CELL':
      return t('cell.small', { threshold: formatNumber(cell.threshold) });
    case 'NOT_REPORTED':
      return t('cell.notReported');
    default:
      return t('cell.suppressed');
  }
}

/** A published count as a table cell (a country that sent no row for it: 0). */
export function tableCell(cell: Cell | undefined): TableCell {
  if (cell?.suppressed)
    return { text: cellText(cell), value: null, flag: hiddenFlag(cell), kind: 'suppressed' };
  return {
    text: cellText(cell),
    value: cell?.value ?? 0,
    flag: cell?.perturbed ? 'perturbed' : '',
    kind: 'figure',
  };
}

/** A plain figure (not a count: e.g. a median), or "–" when there is none. */
export function figureCell(value: number | null, fractionDigits = 0): TableCell {
  if (value === null) return { text: '–', value: null, flag: '', kind: 'figure' };
  return { text: formatNumber(value, fractionDigits), value, flag: '', kind: 'figure' };
}

/** A cell of a country that did not answer, with the reason (an error code). */
export function unavailableCell(reason: string): TableCell {
  return { text: t('cell.unavailable', { reason }), value: null, flag: 'unavailable', kind: 'unavailable' };
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

/**
 * A sum with hidden parts is at least its visible part: "120+" (value 120, flag "at least"), or the
 * one hidden part's own cell, or "suppressed" when nothing of it is visible.
 */
export function sumCell(sum: CellSum): TableCell {
  const perturbed = sum.parts.some((p) => p.perturbed);
  if (sum.hiddenParts === 0)
    return {
      text: formatNumber(sum.visible),
      value: sum.visible,
      flag: perturbed ? 'perturbed' : '',
      kind: 'figure',
    };
  if (sum.parts.length === 1) return tableCell(sum.parts[0]);
  if (sum.visible === 0)
    return { text: t('cell.suppressed'), value: null, flag: 'suppressed', kind: 'suppressed' };
  return {
    text: `${formatNumber(sum.visible)}+`,
    value: sum.visible,
    flag: 'at least',
    kind: 'partly-suppressed',
  };
}

/** The value a chart draws: visible counts only; a hidden cell is not drawn (and listed under the chart). */
export function chartValue(cell: Cell | undefined): number | null {
  if (!cell) return 0;
  return cell.suppressed ? null : (cell.value ?? 0);
}
