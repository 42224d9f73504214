import type { Cell } from './cells';
import { type CsvMetadata, type CsvRow, toCsv } from './csv';
import { language, t } from './i18n';
import type { TableModel } from './views';

/** How the figures of a file were protected, from the cells themselves (in the page's language). */
export function protectionOf(cells: readonly Cell[]): string {
  const deviations = cells.filter((c) => c.perturbed).map((c) => c.maxDeviation ?? 0);
  const thresholds = cells
    .filter((c) => c.suppressed && c.suppression === 'PRIMARY_SMALL_CELL')
    .map((c) => c.threshold);
  const parts = [
    ...(deviations.length ? [t('csv.perturbation', { deviation: Math.max(...deviations) })] : []),
    ...(thresholds.length ? [t('csv.suppression', { threshold: Math.max(...thresholds) })] : []),
  ];
  return parts.length ? parts.join('; ') : t('csv.none');
}

/** The metadata every export carries: what it is, where from, how protected, when, in which language. */
export function exportMetadata(
  title: string,
  countries: readonly string[],
  endpoint: string,
  cells: readonly Cell[],
  generatedAt: Date,
  extra: Record<string, string> = {},
): CsvMetadata {
  return {
    title,
    source: t('csv.source', { title: t('page.title'), countries: countries.join(', '), endpoint }),
    protection: protectionOf(cells),
    generatedAt: generatedAt.toISOString(),
    language: language(),
    ...extra,
  };
}

/**
 * A view's table as CSV, one line per cell ("long" form): the row's labels, the column's title, the
 * value (a number, or empty when hidden) and its flag (`perturbed`, `< 5`, `suppressed`,
 * `not reported`, `at least`, `unavailable`, or empty for a plain figure).
 */
export function tableCsv(table: TableModel, metadata: CsvMetadata): string {
  const header = [...table.labelHeader, table.columnDimension, 'value', 'flag'];
  const rows: CsvRow[] = table.rows.flatMap((row): CsvRow[] => [
    // A country that did not answer: one line, no column, flagged.
    ...(row.note ? [[...row.labels, '', row.note.value, row.note.flag]] : []),
    ...row.cells.map((cell, i) => {
      const column = table.columns[i];
      return [...row.labels, column?.csvTitle ?? column?.title ?? '', cell.value, cell.flag];
    }),
  ]);
  return toCsv(metadata, header, rows);
}
