import { describeConfigError, parseFlags } from '@nordic/subgraph-common';
import { isCountryCode } from '@nordic/schema';
import { z } from 'zod';
import { defaultDatabaseUrl } from '../config';
import { createDataSource } from './dataSource';
import { applyMigrations } from './migrations/schemaState';

const settingsSchema = z.object({
  country: z.string().refine(isCountryCode, { message: 'must be an ISO 3166-1 alpha-2 country code' }),
  databaseUrl: z.string().regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, {
    message: 'must be sqlite:<file> or postgres://user@host:port/db',
  }),
});

/**
 * `npm run migrate -- --country FI [--database URL]`: brings a country's store up to this release's
 * schema. Idempotent: a store that is up to date is left as it is. Exit 0 on success, 2 on bad
 * arguments, 1 when a migration fails (each migration is its own transaction, so a failed one leaves
 * the store at the last one that succeeded).
 */
async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2));
  const country = (flags.country ?? process.env.COUNTRY ?? '').toUpperCase();
  const parsed = settingsSchema.safeParse({
    country,
    databaseUrl:
      flags.database ??
      process.env.DATABASE_URL ??
      (isCountryCode(country) ? defaultDatabaseUrl(country) : ''),
  });
  if (!parsed.success) {
    console.error(
      `migrate: ${describeConfigError(parsed.error, {
        country: 'pass --country FI (or set COUNTRY): the code of the country whose store this is, e.g. EE.',
        databaseUrl:
          'pass --database postgres://user@host:5432/nordic_fi or sqlite:./data/fi.sqlite (or set DATABASE_URL).',
      })}`,
    );
    return 2;
  }
  const dataSource = createDataSource({ url: parsed.data.databaseUrl });
  await dataSource.initialize();
  try {
    const applied = await applyMigrations(dataSource);
    console.log(
      applied.length === 0
        ? `${parsed.data.country}: the store is up to date; nothing to apply.`
        : `${parsed.data.country}: applied ${applied.length} migration(s): ${applied.join(', ')}.`,
    );
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`migrate failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
