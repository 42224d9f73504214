import { tryParseGlobalId } from '@nordic/schema';

/**
 * The country that owns an entity representation: `Country` is keyed by its code; every other
 * partitioned entity by a global id whose prefix names the owner. Null when the key names no country.
 */
export function representationOwner(representation: Record<string, unknown>): string | null {
  if (representation.__typename === 'Country') {
    return typeof representation.code === 'string' ? representation.code : null;
  }
  const id = representation.id;
  return typeof id === 'string' ? (tryParseGlobalId(id)?.country ?? null) : null;
}
