import { createWriteStream } from 'node:fs';
import { userInfo } from 'node:os';
import { type CountryCode, isCountryCode } from '@nordic/schema';
import { parseFlags } from '@nordic/subgraph-common';
import { loadAuditChainKey } from '../audit/auditSettings';
import { useAuditChainKey } from '../audit/auditLog';
import { defaultDatabaseUrl } from '../config';
import { createDataSource } from '../database/dataSource';
import { migrateCommand, pendingMigrations } from '../database/migrations/schemaState';
import { type ImportSummary, importCases } from './importCases';
import { progressLine } from './progressLine';
import { loadLinkageKey } from '../matching/linkageKeyConfig';
import type { LinkageKey } from '../matching/matchTokens';
import { formatOf } from './recordSource';
import { loadReferenceKey } from './referenceKey';

const USAGE =
  'usage: npm run import -- --country FI --file cases.csv|cases.jsonl [--dry-run] [--report report.json] [--operator NAME] [--database URL]';

/**
 * `npm run import`: imports a file of case records into a country's store, configured like the national
 * service (DATABASE_URL, AUDIT_CHAIN_KEY_FILE, LINKAGE_KEY_FILE) plus IMPORT_REFERENCE_KEY_FILE. Exit 0 when every record
 * was valid, 3 when some were not (the valid ones are written), 2 on bad arguments or configuration,
 * 1 when the import failed (the batch in progress is rolled back; earlier batches stay written).
 */
async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2));
  const country = (flags.country ?? process.env.COUNTRY ?? '').toUpperCase();
  if (!isCountryCode(country)) {
    console.error(
      `import: --country must be the ISO 3166-1 alpha-2 code of the country whose store this is, e.g. FI (got "${country}").\n${USAGE}`,
    );
    return 2;
  }
  const file = flags.file;
  const format = file ? formatOf(file) : null;
  if (!file || !format) {
    console.error(`import: --file must name a .csv or .jsonl file.\n${USAGE}`);
    return 2;
  }
  let referenceKey: Buffer;
  let chainKey: Buffer;
  let linkageKey: LinkageKey;
  try {
    referenceKey = loadReferenceKey();
    chainKey = loadAuditChainKey(country);
    linkageKey = loadLinkageKey();
  } catch (error) {
    console.error(`import: ${(error as Error).message}`);
    return 2;
  }
  const databaseUrl =
    flags.database ?? process.env.DATABASE_URL ?? defaultDatabaseUrl(country as CountryCode);
  const dataSource = createDataSource({ url: databaseUrl });
  await dataSource.initialize();
  const report = flags.report ? createWriteStream(flags.report) : null;
  try {
    const pending = await pendingMigrations(dataSource);
    if (pending.length > 0) {
      console.error(
        `import: the store lacks ${pending.length} migration(s); run ${migrateCommand(country, databaseUrl)} first.`,
      );
      return 2;
    }
    useAuditChainKey(dataSource, chainKey);
    const tty = process.stderr.isTTY;
    let lastLine = 0;
    let first = true;
    report?.write('{"problems":[');
    const summary: ImportSummary = await importCases({
      dataSource,
      country: country as CountryCode,
      file,
      format,
      referenceKey,
      linkageKey,
      dryRun: flags['dry-run'] === 'true',
      operator: flags.operator ?? process.env.IMPORT_OPERATOR ?? userInfo().username,
      today: new Date().toISOString().slice(0, 7),
      onProblem: (problem) => {
        report?.write(`${first ? '\n' : ',\n'}${JSON.stringify(problem)}`);
        first = false;
        if (!report)
          console.error(
            `line ${problem.line}: ${problem.field}: [${problem.code}] ${problem.message}; fix: ${problem.fix}`,
          );
      },
      onProgress: (progress) => {
        if (tty) process.stderr.write(`\r${progressLine(progress)}   `);
        else if (progress.seconds - lastLine >= 5) {
          lastLine = progress.seconds;
          console.error(progressLine(progress));
        }
      },
    });
    if (tty) process.stderr.write('\n');
    report?.write(`\n],\n"summary":${JSON.stringify(summary)}}\n`);
    console.log(
      `${country}${summary.dryRun ? ' (dry run: nothing written)' : ''}: ${summary.records} records in ${summary.seconds.toFixed(1)} s — ` +
        `${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.deleted} deleted` +
        `${summary.deleteUnknown ? `, ${summary.deleteUnknown} deletions of unknown records` : ''}, ${summary.invalid} invalid` +
        `${summary.invalid && flags.report ? ` (see ${flags.report})` : ''}.`,
    );
    return summary.invalid > 0 ? 3 : 0;
  } finally {
    if (report) await new Promise((resolve) => report.end(resolve));
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`import failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
