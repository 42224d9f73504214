/** How a country fared over a window: the share of its checks and requests that it answered. */
export interface Availability {
  /** From 0 to 1; null when nothing was asked of it in the window. */
  ratio: number | null;
  /** How many checks and requests the ratio is of. */
  checks: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Answered and failed calls of one country over a sliding window (24 hours), counted in buckets (five
 * minutes each) so the memory stays bounded however many requests pass: at most window/bucket entries.
 */
export class AvailabilityWindow {
  private readonly buckets = new Map<number, { ok: number; total: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly windowMs = DAY_MS,
    private readonly bucketMs = 5 * 60 * 1000,
  ) {}

  record(answered: boolean): void {
    const index = Math.floor(this.now() / this.bucketMs);
    const bucket = this.buckets.get(index) ?? { ok: 0, total: 0 };
    bucket.total += 1;
    if (answered) bucket.ok += 1;
    this.buckets.set(index, bucket);
    this.prune(index);
  }

  /** The share answered over the window ending now. */
  availability(): Availability {
    const index = Math.floor(this.now() / this.bucketMs);
    this.prune(index);
    let ok = 0;
    let total = 0;
    for (const bucket of this.buckets.values()) {
      ok += bucket.ok;
      total += bucket.total;
    }
    return { ratio: total === 0 ? null : ok / total, checks: total };
  }

  private prune(current: number): void {
    const oldest = current - Math.ceil(this.windowMs / this.bucketMs) + 1;
    for (const index of this.buckets.keys()) if (index < oldest) this.buckets.delete(index);
  }
}
