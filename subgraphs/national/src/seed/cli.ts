/**
 * `npm run seed -- --country FI [--years 2019-2025] [--scale 1] [--database URL]`: fills an empty
 * national store with deterministic synthetic data. Refuses a store that already has cases.
 */
import { parseFlags } from '@nordic/subgraph-common';
import { CaseRow } from '../cases/case.entity';
import { defaultDatabaseUrl } from '../config';
import { createDataSource } from '../database/dataSource';
import { seedFlags } from './seedFlags';
import { seedCountry } from './writeSeed';

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const { country, options } = seedFlags(flags);
  const url = flags.database ?? process.env.DATABASE_URL ?? defaultDatabaseUrl(country);

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
    const report = await seedCountry(dataSource, country, options, (n) =>
      process.stdout.write(`  ${n} cases…\r`),
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
