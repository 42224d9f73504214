/**
 * What cell-key perturbation costs in utility (docs/disclosure-control.md): for each country, seeded
 * at the given scale into a temporary SQLite store, every statistics table of every year (all measures,
 * every groupBy of at most three breakdowns) published with the perturbation and with the true counts;
 * reports the mean absolute deviation per published cell, the share of cells changed, and how far the
 * five-country totals of each measure and year move.
 *
 *   npm run bench:disclosure -- [--scale 1] [--years 2019-2025] [--max-deviation 3] [--threshold 5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Measure, type StatisticDimension, type StatisticRow } from '@nordic/schema';
import { SEED_COUNTRIES, type SeedCountry } from '../seed/seedCountries';
import { parseFlags } from '@nordic/subgraph-common';
import { createDataSource } from '../database/dataSource';
import { applyMigrations } from '../database/migrations/schemaState';
import { seedCountry } from '../seed/writeSeed';
import { Perturbation } from '../statistics/cellKeyPerturbation';
import { StatisticsStore } from '../statistics/statisticsStore';

/** Publishes the true count: the baseline the perturbed figures are compared with. */
class TrueCounts extends Perturbation {
  override publish(count: number): number {
    return count;
  }
}

const MEASURES: Measure[] = [
  'REGISTERED_VICTIMS',
  'PRESUMED_VICTIMS',
  'IDENTIFIED_VICTIMS',
  'NRM_REFERRALS',
  'NEW_ASSISTANCE_CLIENTS',
  'SUSPECTS',
  'CROSS_BORDER_REFERRALS',
];
const BREAKDOWNS: StatisticDimension[] = [
  'SEX',
  'AGE_GROUP',
  'CITIZENSHIP_GROUP',
  'EXPLOITATION_GROUP',
  'EXPLOITATION_FORM',
  'INDUSTRY',
  'REGISTERING_ORG_TYPE',
];

function everyGroupBy(): StatisticDimension[][] {
  const sets: StatisticDimension[][] = [[]];
  for (const d of BREAKDOWNS) for (const set of [...sets]) if (set.length < 3) sets.push([...set, d]);
  return sets;
}

const cellKey = (row: StatisticRow) =>
  JSON.stringify([
    row.year,
    row.sex,
    row.ageGroup,
    row.citizenshipGroup,
    row.exploitationGroup,
    row.exploitationForm,
    row.industry,
    row.registeringOrgType,
  ]);

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const scale = Number(flags.scale ?? 1);
  const [yearFrom, yearTo] = String(flags.years ?? '2019-2025')
    .split('-')
    .map(Number) as [number, number];
  const settings = {
    threshold: Number(flags.threshold ?? 5),
    maxDeviation: Number(flags['max-deviation'] ?? 3),
  };
  const dir = mkdtempSync(join(tmpdir(), 'bench-disclosure-'));
  const totals = new Map<string, { truth: number; published: number }>();
  console.log(
    `cell-key perturbation, threshold ${settings.threshold}, ±${settings.maxDeviation}, scale ${scale}, ${yearFrom}–${yearTo}`,
  );
  console.log(
    'country | cases | published cells | mean |deviation| | cells changed | small true counts (1…T-1) shown as 0',
  );
  try {
    for (const country of SEED_COUNTRIES as readonly SeedCountry[]) {
      const dataSource = createDataSource({ url: `sqlite:${join(dir, `${country}.sqlite`)}` });
      await dataSource.initialize();
      await applyMigrations(dataSource);
      const seeded = await seedCountry(dataSource, country, { yearFrom, yearTo, scale });
      const perturbed = new StatisticsStore(dataSource, country, {
        source: 'ASSISTANCE_SYSTEM',
        perturbation: new Perturbation(settings),
      });
      const truth = new StatisticsStore(dataSource, country, {
        source: 'ASSISTANCE_SYSTEM',
        perturbation: new TrueCounts(settings),
      });
      let cells = 0;
      let deviation = 0;
      let changed = 0;
      let small = 0;
      let smallAsZero = 0;
      for (let year = yearFrom; year <= yearTo; year++) {
        for (const measure of MEASURES) {
          for (const groupBy of everyGroupBy()) {
            const query = { yearFrom: year, yearTo: year, measure, groupBy };
            const published = new Map(
              (await perturbed.statistics(query)).map((r) => [cellKey(r), r.value ?? 0]),
            );
            for (const row of await truth.statistics(query)) {
              const value = published.get(cellKey(row)) ?? 0; // left out: published as 0
              const count = row.value ?? 0;
              cells += 1;
              deviation += Math.abs(value - count);
              if (value !== count) changed += 1;
              if (count >= 1 && count < settings.threshold) {
                small += 1;
                if (value === 0) smallAsZero += 1;
              }
              if (groupBy.length === 0) {
                const key = `${measure} ${year}`;
                const total = totals.get(key) ?? { truth: 0, published: 0 };
                total.truth += count;
                total.published += value;
                totals.set(key, total);
              }
            }
          }
        }
      }
      console.log(
        `${country} | ${seeded.cases} | ${cells} | ${(deviation / cells).toFixed(2)} | ${((100 * changed) / cells).toFixed(1)} % | ${small} (${((100 * smallAsZero) / Math.max(1, small)).toFixed(0)} % as 0)`,
      );
      await dataSource.destroy();
    }
    const moves = [...totals.values()].map((t) => Math.abs(t.published - t.truth));
    const relative = [...totals.values()].map((t) => Math.abs(t.published - t.truth) / Math.max(1, t.truth));
    console.log(
      `five-country totals (measure × year, ${moves.length}): mean |move| ${(moves.reduce((a, b) => a + b, 0) / moves.length).toFixed(2)}, largest ${Math.max(...moves)}, mean relative ${(100 * (relative.reduce((a, b) => a + b, 0) / relative.length)).toFixed(2)} %`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
