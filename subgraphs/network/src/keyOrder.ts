/** Puts looked-up records back in the order of the requested keys, with null for a key not found. */
export function inKeyOrder<K, V>(
  keys: readonly K[],
  found: readonly V[],
  keyOf: (value: V) => K,
): (V | null)[] {
  const byKey = new Map(found.map((value) => [keyOf(value), value]));
  return keys.map((key) => byKey.get(key) ?? null);
}

/** Code-unit order, the same in every database collation and locale. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
