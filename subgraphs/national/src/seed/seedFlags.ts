import { SEED_COUNTRIES, type SeedCountry, isSeedCountry } from './seedCountries';
import type { SeedOptions } from './syntheticCase';

/**
 * The country and the synthetic cases a command-line tool writes (`--country`, `--years 2019-2025`,
 * `--scale 1`), shared by `npm run seed` and `npm run adapter:fixture`; throws a readable error.
 */
export function seedFlags(
  flags: Record<string, string | undefined>,
  env: NodeJS.ProcessEnv = process.env,
): { country: SeedCountry; options: SeedOptions } {
  const country = (flags.country ?? env.COUNTRY ?? '').toUpperCase();
  if (!isSeedCountry(country)) {
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
  return { country, options: { yearFrom: Number(match[1]), yearTo: Number(match[2]), scale } };
}
