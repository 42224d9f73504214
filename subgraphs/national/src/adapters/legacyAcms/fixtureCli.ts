/**
 * `npm run adapter:fixture -- --country FI --database postgres://… [--years 2019-2025] [--scale 1]`:
 * creates the example legacy system's schema (ACMS, acms-schema.sql) in a PostgreSQL database and
 * fills it with the synthetic generator's cases, translated into ACMS's shape. Then start the national
 * service on it with STORE=legacy-acms (docs/national-teams.md, "Connecting your own system").
 */
import { CONNECTED_COUNTRIES, type ConnectedCountry } from '@nordic/schema';
import { parseFlags } from '@nordic/subgraph-common';
import { Client } from 'pg';
import { loadAcmsFixture } from './acmsFixture';

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const country = (flags.country ?? process.env.COUNTRY ?? '').toUpperCase();
  if (!(CONNECTED_COUNTRIES as readonly string[]).includes(country)) {
    throw new Error(`--country must be one of ${CONNECTED_COUNTRIES.join(', ')} (got "${country}").`);
  }
  const url = flags.database ?? process.env.DATABASE_URL ?? '';
  if (!/^postgres(ql)?:\/\/.+/.test(url)) {
    throw new Error(
      `--database (or DATABASE_URL) must be a postgres://… URL of the ACMS database (got "${url}").`,
    );
  }
  const years = flags.years ?? '2019-2025';
  const match = /^(\d{4})-(\d{4})$/.exec(years);
  if (!match || Number(match[1]) > Number(match[2]))
    throw new Error(`--years must look like 2019-2025 (got "${years}").`);
  const scale = Number(flags.scale ?? 1);
  if (!(scale > 0)) throw new Error(`--scale must be a positive number (got "${flags.scale}").`);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { cases } = await loadAcmsFixture(client, country as ConnectedCountry, {
      yearFrom: Number(match[1]),
      yearTo: Number(match[2]),
      scale,
    });
    console.log(`loaded the ACMS example for ${country}: ${cases} cases → ${url}`);
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(`adapter:fixture: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
