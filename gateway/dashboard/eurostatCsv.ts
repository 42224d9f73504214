import { type CsvMetadata, type CsvRow, toCsv } from './csv';
import type { EurostatAnswer, EurostatRow } from './dashboardQuery';

const HEADER = [
  'country',
  'year',
  'table',
  'measure',
  'sex',
  'age_group',
  'citizenship_group',
  'exploitation_group',
  'registering_org_type',
  'value',
  'flag',
  'obs_status',
  'conf_status',
  'perturbed',
  'max_deviation',
  'suppression',
  'threshold',
];

/**
 * The SDMX observation flags Eurostat's transmission format carries: OBS_STATUS M (missing: not
 * reported), P (provisional: the current year), E (estimated: a perturbed value), A (normal); and
 * CONF_STATUS C (confidential: a suppressed value of an older answer) or F (free for publication).
 */
function flagsOf(row: EurostatRow): [string, string] {
  if (row.suppression === 'NOT_REPORTED' || row.suppression === 'NOT_APPLICABLE') return ['M', 'F'];
  if (row.suppressed) return ['A', 'C'];
  return [row.provisional ? 'P' : row.perturbed ? 'E' : 'A', 'F'];
}

/** The dashboard's flag, in the same words as a table's CSV. */
function flagOf(row: EurostatRow): string {
  if (!row.suppressed) return row.perturbed ? 'perturbed' : '';
  if (row.suppression === 'PRIMARY_SMALL_CELL') return `< ${row.threshold}`;
  if (row.suppression === 'NOT_REPORTED' || row.suppression === 'NOT_APPLICABLE') return 'not reported';
  return 'suppressed';
}

/** Every published cell of the answer for the selected countries (for the file's metadata). */
export function eurostatCells(answer: EurostatAnswer, countries: readonly string[]): EurostatRow[] {
  return answer.countries
    .filter((c) => countries.includes(c.code))
    .flatMap((c) => (c.eurostatExport ?? []).flatMap((table) => table.rows));
}

/**
 * A year's Eurostat THB breakdown of the selected countries as CSV: one line per published cell, with
 * the contract's codes; the value column holds only numbers (empty when hidden), and the reason a
 * cell is hidden or approximate is in its flags, never in the value.
 */
export function eurostatCsv(
  answer: EurostatAnswer,
  countries: readonly string[],
  metadata: CsvMetadata | null,
): string {
  const rows: CsvRow[] = [];
  for (const country of answer.countries) {
    if (!countries.includes(country.code) || !country.eurostatExport) continue;
    for (const table of country.eurostatExport) {
      for (const row of table.rows) {
        rows.push([
          country.code,
          row.year,
          table.table,
          table.measure,
          row.sex ?? '',
          row.ageGroup ?? '',
          row.citizenshipGroup ?? '',
          row.exploitationGroup ?? '',
          row.registeringOrgType ?? '',
          row.suppressed ? null : (row.value ?? 0),
          flagOf(row),
          ...flagsOf(row),
          String(row.perturbed ?? false),
          row.maxDeviation ?? 0,
          row.suppression ?? '',
          row.threshold,
        ]);
      }
    }
  }
  return toCsv(metadata, HEADER, rows);
}
