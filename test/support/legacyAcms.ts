/**
 * Start-up of a national service over the example legacy system (ACMS, STORE=legacy-acms,
 * docs/national-teams.md "Connecting your own system"): a fresh PostgreSQL database loaded with the
 * fixture through its command line, then the service on it.
 */
import { Client } from 'pg';
import { recreateDatabase } from './postgres';
import { type NationalOptions, type RunningProcess, runScript, startNational } from './services';

/** The environment that selects the adapter instead of the reference store. */
export const ACMS_ADAPTER_ENV = { STORE: 'legacy-acms' };
const FIXTURE = 'subgraphs/national/dist/adapters/legacyAcms/fixtureCli.js';

/**
 * Recreates this checkout's database `name` and loads the ACMS fixture of `country` for `years`
 * ("2023-2025") with `npm run adapter:fixture`'s script; returns its URL.
 */
export async function loadAcmsDatabase(name: string, country: string, years: string): Promise<string> {
  const database = await recreateDatabase(name);
  const fixture = await runScript(FIXTURE, ['--country', country, '--database', database, '--years', years]);
  if (fixture.code !== 0)
    throw new Error(`the ACMS fixture did not load (exit ${fixture.code}): ${fixture.output}`);
  return database;
}

/**
 * A national service started with the ACMS adapter; once it listens, checks that its case table is the
 * adapter's view over ACMS (not a reference store's table), so a test never passes over the wrong store.
 */
export async function startNationalOverAcms(options: NationalOptions): Promise<RunningProcess> {
  const service = await startNational({ ...options, env: { ...options.env, ...ACMS_ADAPTER_ENV } });
  const client = new Client({ connectionString: options.database });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'nordic' AND c.relname = 'cases'`,
    );
    if (rows[0]?.relkind !== 'v') {
      await service.stop();
      throw new Error(`nordic.cases is not the ACMS adapter's view (relkind ${rows[0]?.relkind})`);
    }
  } finally {
    await client.end();
  }
  return service;
}
