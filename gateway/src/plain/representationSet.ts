type Representation = Record<string, unknown>;

const sameValue = (a: unknown, b: unknown): boolean =>
  a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

/** The key's values as text: a lone string or number key (the usual case) without JSON. */
function keyOf(fields: readonly string[], representation: Representation): string {
  if (fields.length === 1) {
    const value = representation[fields[0] as string];
    if (typeof value === 'string') return `s${value}`;
    if (typeof value === 'number') return `n${value}`;
  }
  return `j${JSON.stringify(fields.map((f) => representation[f]))}`;
}

/**
 * The distinct entity representations of one `_entities` call, in the order first seen. The query
 * planner repeats a representation for every place an entity occurs (the same product under each of
 * its reviews); each is sent once and its answer given to every place that asked.
 *
 * With `keyFields` for a type (its only key, see entityKeys.ts), two representations of the same entity
 * that carry different fields — `{upc}` from one fetch, `{upc, price, weight}` from another that
 * `@requires` them — are one entity, sent with the union of their fields. Representations that
 * disagree on a field are never merged.
 */
export class RepresentationSet {
  readonly distinct: Representation[] = [];
  private readonly index = new Map<string, number>();

  constructor(
    private readonly keyFields: (typename: string) => readonly string[] | undefined = () => undefined,
  ) {}

  /** Adds one representation and returns the position of the distinct one that stands for it. */
  add(representation: Representation): number {
    const fields = this.keyFields(String(representation.__typename));
    if (fields && fields.every((f) => representation[f] !== undefined)) {
      const identity = `${String(representation.__typename)}\u0000${keyOf(fields, representation)}`;
      const at = this.index.get(identity);
      if (at === undefined) return this.insert(identity, representation);
      const existing = this.distinct[at] as Representation;
      const conflicting = Object.keys(representation).some(
        (f) => f in existing && !sameValue(existing[f], representation[f]),
      );
      if (!conflicting) {
        for (const f of Object.keys(representation)) if (!(f in existing)) existing[f] = representation[f];
        return at;
      }
    }
    const identity = `\u0001${JSON.stringify(representation)}`;
    return this.index.get(identity) ?? this.insert(identity, representation);
  }

  private insert(identity: string, representation: Representation): number {
    // A copy: merging adds fields, and the planner's object is not ours to change.
    this.distinct.push({ ...representation });
    this.index.set(identity, this.distinct.length - 1);
    return this.distinct.length - 1;
  }
}
