import { createHash, randomInt } from 'node:crypto';
import type { SuppressionReason } from '@nordic/schema';

/**
 * Cell-key perturbation (docs/disclosure-control.md; ABS TableBuilder, ONS Census 2021, the
 * Destatis / Statistik Austria `cellKey` and `ptable` packages).
 *
 * Every case and every referral carries a record key: a whole number drawn uniformly from
 * [0, RECORD_KEY_RANGE) when the record is created, stored in the national store, never published.
 * A published cell's key is the sum of its records' keys modulo RECORD_KEY_RANGE, computed in SQL (an
 * integer sum: exact on SQLite and PostgreSQL). Read as a fraction of the range it is uniform in [0, 1).
 * The published value is the true count plus a deviation drawn from the perturbation table's row for
 * that count, using the cell key as the random number: the same records always give the same cell
 * key, so the same cell gives the same published value whatever query, breakdown or export asks.
 */
export const RECORD_KEY_RANGE = 2 ** 31;

/** A fresh record key for a new case or referral. */
export function newRecordKey(): number {
  return randomInt(0, RECORD_KEY_RANGE);
}

/**
 * The record key of a seeded (synthetic) record: uniform like newRecordKey, but derived from the
 * record's id, so that the same seed gives the same published figures on SQLite and PostgreSQL.
 * Only for generated data: real records get newRecordKey.
 */
export function seedRecordKey(country: string, kind: 'Case' | 'Referral', local: string): number {
  const digest = createHash('sha256').update(`seed-record-key:${country}:${kind}:${local}`).digest();
  return digest.readUInt32BE(0) % RECORD_KEY_RANGE;
}

/** SQL for a cell's key over the rows of the group (`keyColumn`, or the expression given). */
export function cellKeySql(keyExpression: string): string {
  return `(SUM(${keyExpression}) % ${RECORD_KEY_RANGE})`;
}

export interface PerturbationSettings {
  /** No count from 1 to threshold-1 is published: it becomes 0 or at least the threshold. */
  threshold: number;
  /** No published value differs from the true count by more than this. */
  maxDeviation: number;
}

/** How a figure is published: the fields every statistic carries. */
export interface ProtectedCell {
  value: number | null;
  perturbed: boolean;
  maxDeviation: number;
  suppressed: boolean;
  suppression: SuppressionReason | null;
}

/** One row of the perturbation table: the published values for a true count and their probabilities. */
export interface PerturbationRow {
  count: number;
  outcomes: { value: number; probability: number }[];
}

/**
 * Whether the settings are usable; the reason when not. Each count from 1 to threshold-1 must be able to
 * reach 0 or the threshold within maxDeviation: that holds exactly when threshold <= 2 * maxDeviation + 1.
 */
export function perturbationSettingsProblem(settings: PerturbationSettings): string | null {
  const { threshold, maxDeviation } = settings;
  if (!Number.isInteger(threshold) || threshold < 2 || threshold > 100)
    return `the threshold must be a whole number from 2 to 100, got ${threshold}`;
  if (!Number.isInteger(maxDeviation) || maxDeviation < 1 || maxDeviation > 20)
    return `the maximum deviation must be a whole number from 1 to 20, got ${maxDeviation}`;
  if (threshold > 2 * maxDeviation + 1)
    return `a threshold of ${threshold} needs a maximum deviation of at least ${Math.ceil((threshold - 1) / 2)} (threshold <= 2 × deviation + 1), got ${maxDeviation}`;
  return null;
}

/**
 * The base distribution of the deviation for counts far from the threshold: triangular on
 * -D…D (weight D + 1 - |d|), symmetric so unbiased, variance D(D + 2) / 6.
 */
function baseWeight(deviation: number, maxDeviation: number): number {
  return maxDeviation + 1 - Math.abs(deviation);
}

/**
 * The perturbation table, row by row, for counts 0…threshold + maxDeviation (every larger count uses
 * the last row's deviations, shifted). For count n the allowed published values are those within
 * ±D of n that are 0 or at least the threshold; zero only publishes zero. On those values the base
 * weights are renormalised, then, when the mean is off n and n lies between the smallest and largest
 * allowed value, mixed with a point mass on the far allowed value so that the mean is exactly n
 * (unbiased). Counts that can only move one way (1 with a small D, or just below the threshold) keep a
 * bias: the price of publishing no value from 1 to threshold-1.
 */
export function perturbationTable(settings: PerturbationSettings): PerturbationRow[] {
  const problem = perturbationSettingsProblem(settings);
  if (problem) throw new Error(`perturbation table: ${problem}`);
  const { threshold, maxDeviation: d } = settings;
  const rows: PerturbationRow[] = [{ count: 0, outcomes: [{ value: 0, probability: 1 }] }];
  for (let n = 1; n <= threshold + d; n++) {
    const allowed: number[] = [];
    for (let v = Math.max(0, n - d); v <= n + d; v++) if (v === 0 || v >= threshold) allowed.push(v);
    const weights = allowed.map((v) => baseWeight(v - n, d));
    const total = weights.reduce((a, b) => a + b, 0);
    let probabilities = weights.map((w) => w / total);
    const mean = probabilities.reduce((sum, p, i) => sum + p * allowed[i]!, 0);
    const low = allowed[0]!;
    const high = allowed[allowed.length - 1]!;
    if (Math.abs(mean - n) > 1e-12 && n > low && n < high) {
      const far = mean < n ? allowed.length - 1 : 0;
      const lambda = (n - mean) / (allowed[far]! - mean);
      probabilities = probabilities.map((p, i) => (1 - lambda) * p + (i === far ? lambda : 0));
    }
    rows.push({
      count: n,
      outcomes: allowed
        .map((value, i) => ({ value, probability: probabilities[i]! }))
        .filter((o) => o.probability > 0),
    });
  }
  return rows;
}

/** Looks up published values: cumulative probabilities per row, the cell key picks the outcome. */
export class Perturbation {
  private readonly rows: { values: number[]; cumulative: number[] }[];
  readonly threshold: number;
  readonly maxDeviation: number;

  constructor(settings: PerturbationSettings) {
    this.threshold = settings.threshold;
    this.maxDeviation = settings.maxDeviation;
    this.rows = perturbationTable(settings).map((row) => {
      let sum = 0;
      const cumulative = row.outcomes.map((o) => (sum += o.probability));
      cumulative[cumulative.length - 1] = 1;
      return { values: row.outcomes.map((o) => o.value), cumulative };
    });
  }

  /** The published value of a cell with `count` records whose cell key is `cellKey` (0…RECORD_KEY_RANGE-1). */
  publish(count: number, cellKey: number): number {
    if (!Number.isInteger(count) || count < 0) throw new Error(`perturbation: bad count ${count}`);
    const u = (((cellKey % RECORD_KEY_RANGE) + RECORD_KEY_RANGE) % RECORD_KEY_RANGE) / RECORD_KEY_RANGE;
    const last = this.rows.length - 1;
    const row = this.rows[Math.min(count, last)]!;
    const shift = count > last ? count - last : 0;
    const index = row.cumulative.findIndex((c) => u < c);
    return row.values[index === -1 ? row.values.length - 1 : index]! + shift;
  }

  /** The protected cell for a count and its key, with the fields every published statistic carries. */
  cell(count: number, cellKey: number): ProtectedCell {
    return {
      value: this.publish(count, cellKey),
      perturbed: true,
      maxDeviation: this.maxDeviation,
      suppressed: false,
      suppression: null,
    };
  }
}
