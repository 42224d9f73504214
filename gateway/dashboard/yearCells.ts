import { type Cell, type TableCell, noDataCell, tableCell } from './cells';
import type { PopulationFigure, YearCell } from './dashboardQuery';
import { t } from './i18n';
import { populationFor, rateCell } from './rates';

/**
 * The first year a country has records in (a registered-victims figure above zero, or hidden, which
 * means some records): the years before it are "no data", not zero. Null when the years asked hold no
 * records at all.
 */
export function firstRecordYear(perYear: readonly YearCell[] | null | undefined): number | null {
  const years = (perYear ?? []).filter((c) => c.suppressed || (c.value ?? 0) > 0).map((c) => c.year);
  return years.length ? Math.min(...years) : null;
}

/** A year is provisional when a country says so of it, or, with no figure to say, when it is not over. */
export function isProvisionalYear(
  year: number,
  cells: readonly (Cell & { year?: number })[],
  now = new Date(),
): boolean {
  const own = cells.filter((c) => c.year === year);
  if (own.length) return own.some((c) => c.provisional === true);
  return year >= now.getUTCFullYear();
}

/** The table title of a year column: "2026 (provisional)" while the year is not closed. */
export function yearTitle(year: number, provisional: boolean): string {
  return provisional ? t('table.provisional', { year }) : String(year);
}

export interface CellOptions {
  unit: 'count' | 'rate';
  /** The country's first year with records (see firstRecordYear). */
  firstYear: number | null;
  populations: readonly PopulationFigure[] | null | undefined;
  /** The country has records in this year (another cell of it shows some): a missing cell is 0. */
  yearRecorded?: boolean;
  /** Notes the population figure each rate divided by (for the CSV's metadata). */
  usedPopulation?: (figure: PopulationFigure) => void;
}

/**
 * One country's figure for one year as a table cell: a hidden figure stays hidden (whatever the
 * unit); a year before the country's first records, or a provisional year with nothing recorded yet,
 * is "no data"; a missing row of a year with records is 0; as a rate, the published count per
 * 100,000 inhabitants of that year.
 */
export function countryYearCell(cell: Cell | undefined, year: number, options: CellOptions): TableCell {
  const recorded = options.yearRecorded === true || cell?.suppressed === true || (cell?.value ?? 0) > 0;
  // The current year before anything is recorded in it is not a year of zero victims either.
  const provisional = cell?.provisional ?? year >= new Date().getUTCFullYear();
  if (!recorded && (options.firstYear === null || year < options.firstYear || provisional))
    return noDataCell();
  const count = tableCell(cell);
  if (options.unit === 'count') return count;
  const population = populationFor(options.populations, year);
  if (population && count.kind === 'figure') options.usedPopulation?.(population);
  return rateCell(count, population);
}

/** What a chart draws for a cell: a visible figure only (hidden, no data and unavailable are gaps). */
export function drawnValue(cell: TableCell): number | null {
  return cell.kind === 'figure' ? cell.value : null;
}
