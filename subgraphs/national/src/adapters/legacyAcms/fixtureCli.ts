/**
 * `npm run adapter:fixture -- --country FI --database postgres://… [--years 2019-2025] [--scale 1]`:
 * creates the example legacy system's schema (ACMS, acms-schema.sql) in a PostgreSQL database and
 * fills it with the synthetic generator's cases, translated into ACMS's shape. Then start the national
 * service on it with STORE=legacy-acms (docs/national-teams.md, "Connecting your own system").
 */
import { parseFlags } from '@nordic/subgraph-common';
import { Client } from 'pg';
import { seedFlags } from '../../seed/seedFlags';
import { loadAcmsFixture } from './acmsFixture';

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const { country, options } = seedFlags(flags);
  const url = flags.database ?? process.env.DATABASE_URL ?? '';
  if (!/^postgres(ql)?:\/\/.+/.test(url)) {
    throw new Error(
      `--database (or DATABASE_URL) must be a postgres://… URL of the ACMS database (got "${url}").`,
    );
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { cases } = await loadAcmsFixture(client, country, options);
    console.log(`loaded the ACMS example for ${country}: ${cases} cases → ${url}`);
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(`adapter:fixture: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
