import { describeConfigError, parseFlags } from '@nordic/subgraph-common';
import { isCountryCode } from '@nordic/schema';
import { z } from 'zod';
import { LEGACY_ACMS_STORE, NETWORK_SCHEMA, createNetworkSchema } from '../adapters/legacyAcms/acmsStore';
import { defaultDatabaseUrl } from '../config';
import { createDataSource } from './dataSource';
import { applyMigrations } from './migrations/schemaState';

const settingsSchema = z.object({
  country: z.string().refine(isCountryCode, { message: 'must be an ISO 3166-1 alpha-2 country code' }),
  databaseUrl: z.string().regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, {
    message: 'must be sqlite:<file> or postgres://user@host:port/db',
  }),
  store: z.enum(['reference', LEGACY_ACMS_STORE], { message: `must be reference or ${LEGACY_ACMS_STORE}` }),
});

/**
 * `npm run migrate -- --country FI [--database URL] [--store legacy-acms]`: brings a country's store up to this release's
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
    store: flags.store ?? process.env.STORE ?? 'reference',
  });
  if (!parsed.success) {
    console.error(
      `migrate: ${describeConfigError(parsed.error, {
        country: 'pass --country FI (or set COUNTRY): the code of the country whose store this is, e.g. EE.',
        databaseUrl:
          'pass --database postgres://user@host:5432/nordic_fi or sqlite:./data/fi.sqlite (or set DATABASE_URL).',
        store: `pass --store (or set STORE) as the service has it: reference or ${LEGACY_ACMS_STORE}.`,
      })}`,
    );
    return 2;
  }
  // Over a legacy system the network's tables live in a schema of their own (docs/national-teams.md).
  const legacy = parsed.data.store === LEGACY_ACMS_STORE;
  const dataSource = createDataSource({
    url: parsed.data.databaseUrl,
    ...(legacy ? { schema: NETWORK_SCHEMA } : {}),
  });
  await dataSource.initialize();
  try {
    if (legacy) await createNetworkSchema(dataSource);
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
