import { cellText } from './cells';
import { toCsv } from './csv';
import type { EurostatAnswer } from './dashboardQuery';

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
  'suppression',
  'threshold',
];

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
          row.suppression ?? '',
          String(row.threshold),
        ]);
      }
    }
  }
  return toCsv(HEADER, rows);
}
