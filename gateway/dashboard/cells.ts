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
  /** The year is not closed yet (the current year): the figure will still change. */
  provisional?: boolean;
}

/**
 * One cell of a table as shown and as exported: the text in the page's language, the number alone
 * (null when hidden) and a flag in fixed English words for the CSV's flag column.
 */
export interface TableCell {
  text: string;
  value: number | null;
  flag: string;
  kind: 'figure' | 'suppressed' | 'partly-suppressed' | 'unavailable' | 'no-data';
  /** A figure of a year that is not closed yet. */
  provisional?: boolean;
}

/** Flags of a CSV's flag column, joined ("perturbed; provisional"). */
function flags(...parts: (string | false | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join('; ');
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
  const provisional = cell?.provisional === true;
  if (cell?.suppressed)
    return {
      text: cellText(cell),
      value: null,
      flag: flags(hiddenFlag(cell), provisional && 'provisional'),
      kind: 'suppressed',
      provisional,
    };
  return {
    text: cellText(cell),
    value: cell?.value ?? 0,
    flag: flags(cell?.perturbed && 'perturbed', provisional && 'provisional'),
    kind: 'figure',
    provisional,
  };
}

/**
 * A year before the country's first records (or with none at all): "no data", never a zero — a zero
 * would read as "no victims" in a year nobody recorded.
 */
export function noDataCell(flag = 'no data'): TableCell {
  return { text: t('cell.noData'), value: null, flag, kind: 'no-data' };
}

/** A plain figure (not a count: e.g. a median), or "–" when there is none. */
export function figureCell(value: number | null, fractionDigits = 0): TableCell {
  if (value === null) return { text: '–', value: null, flag: '', kind: 'figure' };
  return { text: formatNumber(value, fractionDigits), value, flag: '', kind: 'figure' };
}

/** A cell of a country that did not answer, with the reason in words. */
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
