import {
  Perturbation,
  RECORD_KEY_RANGE,
  perturbationSettingsProblem,
  perturbationTable,
} from '../../subgraphs/national/src/statistics/cellKeyPerturbation';

/** Every valid (threshold, maximum deviation) pair of a generated matrix. */
function validSettings(): { threshold: number; maxDeviation: number }[] {
  const settings: { threshold: number; maxDeviation: number }[] = [];
  for (let threshold = 2; threshold <= 15; threshold++)
    for (let maxDeviation = 1; maxDeviation <= 7; maxDeviation++)
      if (perturbationSettingsProblem({ threshold, maxDeviation }) === null)
        settings.push({ threshold, maxDeviation });
  return settings;
}

/** mulberry32: a small seeded PRNG, so the drawn keys are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the cell-key perturbation table (docs/disclosure-control.md)', () => {
  it.each(validSettings())(
    'threshold $threshold, ±$maxDeviation: no value from 1 to threshold-1, bounded noise, zero stays zero, unbiased where it can be',
    ({ threshold, maxDeviation }) => {
      const rows = perturbationTable({ threshold, maxDeviation });
      expect(rows[0]).toEqual({ count: 0, outcomes: [{ value: 0, probability: 1 }] });
      for (const { count, outcomes } of rows) {
        const total = outcomes.reduce((sum, o) => sum + o.probability, 0);
        expect(total).toBeCloseTo(1, 12);
        for (const { value, probability } of outcomes) {
          expect(probability).toBeGreaterThan(0);
          expect(value === 0 || value >= threshold).toBe(true);
          expect(Math.abs(value - count)).toBeLessThanOrEqual(maxDeviation);
        }
        const values = outcomes.map((o) => o.value);
        const mean = outcomes.reduce((sum, o) => sum + o.value * o.probability, 0);
        // Unbiased whenever the count lies strictly between the smallest and largest allowed value.
        if (count > Math.min(...values) && count < Math.max(...values)) expect(mean).toBeCloseTo(count, 9);
        // A small count can always be published as something else than itself (never pinned by its own value).
        if (count >= 1 && count < threshold) expect(values).not.toContain(count);
      }
      // Far from the threshold the deviations are symmetric: the last row holds for every larger count.
      const last = rows[rows.length - 1]!;
      expect(last.count).toBe(threshold + maxDeviation);
      expect(last.outcomes.map((o) => o.value - last.count)).toEqual(
        Array.from({ length: 2 * maxDeviation + 1 }, (_, i) => i - maxDeviation),
      );
    },
  );

  it('publishes, for uniform cell keys, each value with the probability of the table (and the same value for the same key)', () => {
    const perturbation = new Perturbation({ threshold: 5, maxDeviation: 3 });
    const random = mulberry32(13);
    const rows = perturbationTable({ threshold: 5, maxDeviation: 3 });
    for (const count of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 40, 1_000_000]) {
      const draws = 20_000;
      const seen = new Map<number, number>();
      let unstable = 0;
      for (let i = 0; i < draws; i++) {
        const key = Math.floor(random() * RECORD_KEY_RANGE);
        const value = perturbation.publish(count, key);
        if (perturbation.publish(count, key) !== value) unstable += 1;
        seen.set(value - count, (seen.get(value - count) ?? 0) + 1);
      }
      expect(unstable).toBe(0);
      const row = rows[Math.min(count, rows.length - 1)]!;
      for (const { value, probability } of row.outcomes) {
        const share = (seen.get(value - row.count) ?? 0) / draws;
        expect(Math.abs(share - probability)).toBeLessThan(0.02);
      }
      expect([...seen.keys()].every((d) => Math.abs(d) <= 3)).toBe(true);
    }
    // The default table, as documented.
    expect(rows.slice(1, 5).map((r) => r.outcomes.map((o) => o.value))).toEqual([
      [0],
      [0, 5],
      [0, 5, 6],
      [5, 6, 7],
    ]);
  });

  it.each([
    [{ threshold: 9, maxDeviation: 3 }, /needs a maximum deviation of at least 4/],
    [{ threshold: 5, maxDeviation: 0 }, /maximum deviation must be a whole number from 1 to 20/],
    [{ threshold: 1, maxDeviation: 3 }, /threshold must be a whole number from 2 to 100/],
    [{ threshold: 5, maxDeviation: 2.5 }, /maximum deviation must be a whole number/],
  ])('refuses settings %p that cannot keep every small count out of 1…threshold-1', (settings, message) => {
    expect(perturbationSettingsProblem(settings)).toMatch(message);
    expect(() => new Perturbation(settings)).toThrow(message);
  });
});
