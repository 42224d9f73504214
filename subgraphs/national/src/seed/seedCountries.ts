/**
 * The countries the synthetic generator has profiles for (volumes, distributions, organisations,
 * spellings): the five founding members of the local network. This is data of the generator, not the
 * network's membership (which is configuration): a member without a profile starts with an empty store.
 */
export const SEED_COUNTRIES = ['FI', 'SE', 'NO', 'DK', 'IS'] as const;
export type SeedCountry = (typeof SEED_COUNTRIES)[number];

export function isSeedCountry(value: string): value is SeedCountry {
  return (SEED_COUNTRIES as readonly string[]).includes(value);
}
