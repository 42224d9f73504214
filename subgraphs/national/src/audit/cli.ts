/**
 * `npm run audit:verify -- --country FI [--database URL] [--batch-size 5000]`
 * (`node subgraphs/national/dist/audit/cli.js verify …`): re-walks a country's audit hash chain.
 *
 * Exit codes: 0 the chain is intact, 1 the chain is broken, 2 bad arguments, 3 the store could not be
 * read (missing file, unreachable server, no audit table). Never writes to the store (no migrations).
 */
import { existsSync } from 'node:fs';
import { CONNECTED_COUNTRIES, type ConnectedCountry } from '@nordic/schema';
import { parseFlags } from '@nordic/subgraph-common';
import { defaultDatabaseUrl } from '../config';
import { createDataSource, databaseKind } from '../database/dataSource';
import { verifyAuditChain } from './verifyChain';

const USAGE = 'usage: cli.js verify --country FI [--database sqlite:<file>|postgres://…] [--batch-size 5000]';
const KNOWN_FLAGS = ['country', 'database', 'batch-size'];

class UsageError extends Error {}

interface Arguments {
  country: ConnectedCountry;
  url: string;
  batchSize: number;
}

function parseArguments(argv: readonly string[]): Arguments {
  const [command, ...rest] = argv;
  if (command !== 'verify') {
    throw new UsageError(command === undefined ? 'missing command "verify"' : `unknown command "${command}"`);
  }
  let flags: Record<string, string>;
  try {
    flags = parseFlags(rest);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const unknown = Object.keys(flags).filter((name) => !KNOWN_FLAGS.includes(name));
  if (unknown.length > 0) throw new UsageError(`unknown option --${unknown[0]}`);

  // An empty variable counts as unset.
  const env = (name: string): string | undefined => process.env[name] || undefined;
  const country = (flags.country ?? env('COUNTRY') ?? '').toUpperCase();
  if (!(CONNECTED_COUNTRIES as readonly string[]).includes(country)) {
    throw new UsageError(`--country must be one of ${CONNECTED_COUNTRIES.join(', ')} (got "${country}")`);
  }
  const url = flags.database ?? env('DATABASE_URL') ?? defaultDatabaseUrl(country as ConnectedCountry);
  try {
    databaseKind(url);
  } catch {
    throw new UsageError(`--database must be sqlite:<file> or postgres://user@host:port/db (got "${url}")`);
  }
  const batchSize = Number(flags['batch-size'] ?? 5000);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new UsageError(`--batch-size must be a positive whole number (got "${flags['batch-size']}")`);
  }
  return { country: country as ConnectedCountry, url, batchSize };
}

async function main(): Promise<number> {
  let args: Arguments;
  try {
    args = parseArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`audit: ${error.message}\n${USAGE}`);
    return 2;
  }
  const { country, url, batchSize } = args;
  // better-sqlite3 would create a missing file; verifying an empty new file would wrongly say "intact".
  if (databaseKind(url) === 'sqlite' && !existsSync(url.slice('sqlite:'.length))) {
    console.error(`audit: no database file at ${url.slice('sqlite:'.length)}`);
    return 3;
  }
  const dataSource = createDataSource({ url });
  try {
    await dataSource.initialize();
  } catch (error) {
    console.error(`audit: cannot open ${url}: ${error instanceof Error ? error.message : String(error)}`);
    return 3;
  }
  try {
    const runner = dataSource.createQueryRunner();
    const hasTable = await runner.hasTable('audit_events').finally(() => runner.release());
    if (!hasTable) {
      console.error(
        `audit: ${url} has no audit_events table; start the national service once on it to migrate the store.`,
      );
      return 3;
    }
    const result = await verifyAuditChain(dataSource, { batchSize });
    if (result.ok) {
      console.log(`audit chain of ${country} intact: ${result.rows} events`);
      return 0;
    }
    console.log(`audit chain of ${country} BROKEN at event seq ${result.firstBrokenSeq} (${result.reason})`);
    return 1;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`audit: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 3;
  },
);
