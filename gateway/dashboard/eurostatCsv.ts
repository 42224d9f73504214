import { cellText } from './cells';
import { toCsv } from './csv';
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

/**
 * A year's Eurostat THB breakdown of the selected countries as CSV: one line per published cell, with
 * the contract's codes; a hidden cell has its value as the page shows it ("< 5", "suppressed",
 * "not reported") and its reason, never a number.
 */
export function eurostatCsv(answer: EurostatAnswer, countries: readonly string[]): string {
  const rows: string[][] = [];
  for (const country of answer.countries) {
    if (!countries.includes(country.code) || !country.eurostatExport) continue;
    for (const table of country.eurostatExport) {
      for (const row of table.rows) {
        rows.push([
          country.code,
          String(row.year),
          table.table,
          table.measure,
          row.sex ?? '',
          row.ageGroup ?? '',
          row.citizenshipGroup ?? '',
          row.exploitationGroup ?? '',
          row.registeringOrgType ?? '',
          cellText(row),
          ...flagsOf(row),
          String(row.perturbed ?? false),
          String(row.maxDeviation ?? 0),
          row.suppression ?? '',
          String(row.threshold),
        ]);
      }
    }
  }
  return toCsv(HEADER, rows);
}
