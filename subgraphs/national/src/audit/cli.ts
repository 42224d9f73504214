/**
 * `npm run audit:verify -- --country FI [--database URL] [--registry URL] [--witnesses SE=URL,…] [--batch-size 5000]`
 * (`node subgraphs/national/dist/audit/cli.js verify …`): re-walks a country's keyed audit hash chain
 * (the key from AUDIT_CHAIN_KEY_FILE or AUDIT_CHAIN_KEY) and compares it with the signed checkpoints the
 * registry and the witnesses hold (verified with SERVICE_KEYS_JWKS); `--registry` and `--witnesses`
 * default to AUDIT_CHECKPOINT_REGISTRY_URL and AUDIT_CHECKPOINT_WITNESSES.
 *
 * Exit codes: 0 nothing found, 1 a finding (TRUNCATION, REWRITE, UNVERIFIABLE_CHECKPOINT), 2 bad
 * arguments or key configuration, 3 the store or a checkpoint source could not be read (missing file,
 * unreachable server, no audit table). Never writes to the store (no migrations).
 */
import { existsSync } from 'node:fs';
import { type ConnectedCountry, isCountryCode } from '@nordic/schema';
import {
  devServiceJwksFile,
  loadServicePublicKeys,
  parseFlags,
  type ServicePublicKey,
} from '@nordic/subgraph-common';
import { defaultDatabaseUrl } from '../config';
import { createDataSource, databaseKind } from '../database/dataSource';
import { loadAuditChainKey, parseWitnesses } from './auditSettings';
import { type CheckpointSource, auditAgainstCheckpoints, fetchWitnessedCheckpoints } from './witnessedCheck';

const USAGE =
  'usage: cli.js verify --country FI [--database sqlite:<file>|postgres://…] [--registry http://…] [--witnesses SE=http://…,…] [--batch-size 5000]';
const KNOWN_FLAGS = ['country', 'database', 'batch-size', 'registry', 'witnesses'];

class UsageError extends Error {}

interface Arguments {
  country: ConnectedCountry;
  url: string;
  batchSize: number;
  key: Buffer;
  serviceKeys: ServicePublicKey[];
  sources: CheckpointSource[];
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
  if (!isCountryCode(country)) {
    throw new UsageError(
      `--country must be the ISO 3166-1 alpha-2 code of a member country, e.g. FI (got "${country}")`,
    );
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
  const sources: CheckpointSource[] = [];
  let key: Buffer;
  let serviceKeys: ServicePublicKey[] = [];
  try {
    key = loadAuditChainKey(country, process.env);
    const registry = flags.registry ?? env('AUDIT_CHECKPOINT_REGISTRY_URL');
    if (registry !== undefined) {
      if (!/^https?:\/\/\S+$/.test(registry))
        throw new Error(`--registry must be an http(s) URL (got "${registry}")`);
      sources.push({ name: 'registry', url: registry.replace(/\/+$/, '') });
    }
    for (const w of parseWitnesses(flags.witnesses ?? env('AUDIT_CHECKPOINT_WITNESSES') ?? '', country))
      sources.push({ name: w.country, url: w.url });
    if (sources.length > 0)
      serviceKeys = loadServicePublicKeys(env('SERVICE_KEYS_JWKS') ?? devServiceJwksFile());
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return { country: country as ConnectedCountry, url, batchSize, key, serviceKeys, sources };
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
  let witnessed: Awaited<ReturnType<typeof fetchWitnessedCheckpoints>>;
  try {
    witnessed = await fetchWitnessedCheckpoints(country, args.sources, args.serviceKeys);
  } catch (error) {
    console.error(`audit: ${(error as Error).message}`);
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
    const report = await auditAgainstCheckpoints(dataSource, args.key, witnessed.checkpoints, { batchSize });
    const findings = [...report.findings, ...witnessed.findings];
    const sources = Object.entries(witnessed.counts).map(([name, n]) => `${name} ${n}`);
    console.log(
      `audit log of ${country}: ${report.lastStoredSeq} events; checkpoints from ${sources.length > 0 ? sources.join(', ') : 'no source (pass --registry or --witnesses: a cut tail cannot be detected without them)'}`,
    );
    for (const line of report.fine) console.log(`  fine: ${line}`);
    for (const f of findings) console.log(`  ${f.kind}: ${f.message}`);
    console.log(
      findings.length === 0
        ? `audit log of ${country} intact`
        : `audit log of ${country} TAMPERED: ${findings.length} finding${findings.length === 1 ? '' : 's'}`,
    );
    return findings.length === 0 ? 0 : 1;
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
