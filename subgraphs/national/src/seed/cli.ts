/**
 * `npm run seed -- --country FI [--years 2019-2025] [--scale 1] [--database URL]`: fills an empty
 * national store with deterministic synthetic data. Refuses a store that already has cases.
 */
import { SEED_COUNTRIES, type SeedCountry } from './seedCountries';
import { parseFlags } from '@nordic/subgraph-common';
import { CaseRow } from '../cases/case.entity';
import { defaultDatabaseUrl } from '../config';
import { createDataSource } from '../database/dataSource';
import { seedCountry } from './writeSeed';

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const country = (flags.country ?? process.env.COUNTRY ?? '').toUpperCase();
  if (!(SEED_COUNTRIES as readonly string[]).includes(country)) {
    throw new Error(
      `--country must be one of ${SEED_COUNTRIES.join(', ')}, the countries the synthetic generator has profiles for (got "${country}"); a member that joined later starts with an empty store.`,
    );
  }
  const years = flags.years ?? '2019-2025';
  const match = /^(\d{4})-(\d{4})$/.exec(years);
  if (!match || Number(match[1]) > Number(match[2]))
    throw new Error(`--years must look like 2019-2025 (got "${years}").`);
  const scale = Number(flags.scale ?? 1);
  if (!(scale > 0)) throw new Error(`--scale must be a positive number (got "${flags.scale}").`);
  const url = flags.database ?? process.env.DATABASE_URL ?? defaultDatabaseUrl(country as SeedCountry);

  const dataSource = createDataSource({ url });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const existing = await dataSource.getRepository(CaseRow).count();
    if (existing > 0) {
      throw new Error(
        `${url} already holds ${existing} cases; seed only an empty store (remove the file or use a fresh database).`,
      );
    }
    const report = await seedCountry(
      dataSource,
      country as SeedCountry,
      { yearFrom: Number(match[1]), yearTo: Number(match[2]), scale },
      (n) => process.stdout.write(`  ${n} cases…\r`),
    );
    console.log(
      `seeded ${country}: ${report.cases} cases (${report.rows} rows, ${report.referrals} referrals, ${report.links} links) in ${report.seconds.toFixed(1)} s → ${url}`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`seed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
