import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { SeedCountry } from '../seed/seedCountries';
import { expectedCaseCount, generateCases } from '../seed/generateCases';
import { recordColumns, recordToCsvCells } from './csvCaseRecord';
import type { SourceFormat } from './recordSource';
import type { SyntheticCase } from '../seed/syntheticCase';

/** Numbered columns per list in a generated CSV: more than the generator ever fills. */
export const SYNTHETIC_CSV_ITEMS = 6;

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The `n`th synthetic case as an import record (reference `SRC-<n>`), without the generator's national-only and cross-border fields. */
export function syntheticImportRecord(c: SyntheticCase, n: number) {
  const { local: _local, originReferralId: _origin, ...rest } = c;
  return { sourceReference: `SRC-${n}`, ...rest, originReferralId: null };
}

/**
 * Writes `records` synthetic cases of `country` as an import file (references `SRC-<n>`), streaming: for
 * the import benchmark and tests. The generator's national-only and cross-border fields are left out.
 */
export async function writeSyntheticImportFile(
  file: string,
  format: SourceFormat,
  country: SeedCountry,
  records: number,
): Promise<void> {
  const perScaleOne = expectedCaseCount(country, { yearFrom: 2019, yearTo: 2025, scale: 1 });
  const options = { yearFrom: 2019, yearTo: 2025, scale: Math.max(1, (records / perScaleOne) * 1.05) };
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  if (format === 'csv') await write(`${recordColumns(SYNTHETIC_CSV_ITEMS).join(',')}\n`);
  let n = 0;
  for (const c of generateCases(country, options)) {
    if (n >= records) break;
    n += 1;
    const record = syntheticImportRecord(c, n);
    await write(
      format === 'csv'
        ? `${recordToCsvCells(record, SYNTHETIC_CSV_ITEMS).map(csvCell).join(',')}\n`
        : `${JSON.stringify(record)}\n`,
    );
  }
  if (n < records) throw new Error(`the generator gave ${n} cases, fewer than ${records}`);
  out.end();
  await once(out, 'finish');
}
