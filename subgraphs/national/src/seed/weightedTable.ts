import type { Rng } from './random';

/**
 * A categorical distribution. Tables are small (≤ 30 values), so a linear scan over cumulative weights
 * beats a binary search or an alias table and keeps construction trivial.
 */
export class WeightedTable<T> {
  readonly values: readonly T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    const kept = entries.filter(([, weight]) => weight > 0);
    if (kept.length === 0) throw new Error('a weighted table needs at least one positive weight');
    this.values = kept.map(([value]) => value);
    this.cumulative = new Float64Array(kept.length);
    let sum = 0;
    kept.forEach(([, weight], i) => {
      sum += weight;
      this.cumulative[i] = sum;
    });
    this.total = sum;
  }

  /** From a `{ VALUE: weight }` literal; key order is kept, so draws are stable across runs. */
  static of<T extends string>(weights: { readonly [K in T]?: number }): WeightedTable<T> {
    return new WeightedTable(Object.entries(weights) as [T, number][]);
  }

  pick(rng: Rng): T {
    return this.values[this.pickIndex(rng)] as T;
  }

  pickIndex(rng: Rng): number {
    const x = rng.next() * this.total;
    const last = this.cumulative.length - 1;
    for (let i = 0; i < last; i++) {
      if (x < (this.cumulative[i] as number)) return i;
    }
    return last;
  }

  /** Up to `count` distinct values, heavier ones more likely first (draws with rejection: count is small). */
  pickDistinct(rng: Rng, count: number): T[] {
    const wanted = Math.min(count, this.values.length);
    const out: T[] = [];
    for (let attempts = 0; out.length < wanted && attempts < wanted * 8; attempts++) {
      const value = this.pick(rng);
      if (!out.includes(value)) out.push(value);
    }
    return out;
  }

  /** A copy without `excluded`, renormalised (used once at start-up, never per case). */
  without(excluded: T): WeightedTable<T> {
    const entries: [T, number][] = [];
    let previous = 0;
    this.values.forEach((value, i) => {
      const cumulative = this.cumulative[i] as number;
      if (value !== excluded) entries.push([value, cumulative - previous]);
      previous = cumulative;
    });
    return new WeightedTable(entries);
  }
}
