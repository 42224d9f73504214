/**
 * Seeded randomness for the synthetic-data generator.
 *
 * A hand-written sfc32 is used instead of seedrandom because every case is generated from its own seed
 * (country, year, index): reseeding must be allocation-free to reach hundreds of thousands of cases a
 * second, and a case must not depend on how many random numbers the cases before it consumed.
 */

/** Murmur3's 32-bit finaliser: spreads every input bit over the whole word. */
export function fmix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units, finalised: a stable 32-bit hash of a short label. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Small fast PRNG (sfc32, public domain, Chris Doty-Humphrey). Passes PractRand to many TB. */
export class Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 1;

  constructor(k0 = 0, k1 = 0, k2 = 0, k3 = 0) {
    this.seed(k0, k1, k2, k3);
  }

  /** Reseeds from four integer keys (e.g. country salt, year, index, stream); equal keys, equal sequence. */
  seed(k0: number, k1: number, k2: number, k3: number): this {
    const h0 = fmix32(Math.imul(k0 | 0, 0x9e3779b1) ^ 0x243f6a88);
    const h1 = fmix32(h0 ^ Math.imul(k1 | 0, 0x85ebca77));
    const h2 = fmix32(h1 ^ Math.imul(k2 | 0, 0xc2b2ae3d));
    const h3 = fmix32(h2 ^ Math.imul(k3 | 0, 0x27d4eb2f));
    this.a = h0 | 0;
    this.b = h1 | 0;
    this.c = h2 | 0;
    this.d = h3 | 0 || 1;
    // sfc32's authors recommend discarding the first outputs after seeding.
    for (let i = 0; i < 12; i++) this.u32();
    return this;
  }

  /** Uniform unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [lo, hi], both included. */
  range(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** A string of `length` decimal digits (leading zeros kept). */
  digits(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += String.fromCharCode(48 + this.int(10));
    return out;
  }
}

/**
 * Independent random streams of one seed: the same (country, year, index) feeds several streams, and
 * adding draws to one stream never shifts another.
 */
export const Stream = {
  CASE: 1,
  PERSON: 2,
  YEAR_COUNT: 3,
  MONTH_QUOTA: 4,
  PLAN_PAIR: 5,
  PLAN_ALLOCATOR: 6,
  PLAN_ROUTE: 7,
} as const;

/** Version salt of the generator: bump it to reshuffle every seeded data set on purpose. */
export const GENERATOR_SALT = hashString('nordic-thb-synthetic-v1');
