import type { TableCell } from './cells';
import type { PopulationFigure } from './dashboardQuery';
import { formatNumber, t } from './i18n';

/** Rates are per this many inhabitants. */
export const PER_INHABITANTS = 100_000;

/**
 * The population figure a year's rate divides by: the figure of that year, else the latest before it,
 * else the earliest after it (the registry may not hold the newest year yet); null when there is none.
 */
export function populationFor(
  figures: readonly PopulationFigure[] | null | undefined,
  year: number,
): PopulationFigure | null {
  const list = [...(figures ?? [])].sort((a, b) => a.year - b.year);
  const atOrBefore = list.filter((f) => f.year <= year);
  return atOrBefore[atOrBefore.length - 1] ?? list[0] ?? null;
}

/**
 * A count cell as a rate per 100,000 inhabitants, computed from the published (protected) count only:
 * a hidden cell stays hidden (its text and flag unchanged, never a rate), "no data" stays "no data",
 * and a country without a population figure says so. Never derived from other cells.
 */
export function rateCell(count: TableCell, population: PopulationFigure | null): TableCell {
  if (count.kind !== 'figure' || count.value === null) return count;
  if (!population || population.inhabitants <= 0)
    return {
      text: t('cell.noPopulation'),
      value: null,
      flag: 'no population figure',
      kind: 'no-data',
      ...(count.provisional ? { provisional: true } : {}),
    };
  const rate = (count.value * PER_INHABITANTS) / population.inhabitants;
  return {
    ...count,
    text: formatNumber(rate, 2),
    value: Math.round(rate * 100) / 100,
  };
}

/** "FI 2024 (Statistics Finland)", for a CSV's metadata: which figures the rates divided by. */
export function populationsUsed(used: ReadonlyMap<string, PopulationFigure>): string {
  return [...used.entries()]
    .map(([code, f]) => `${code} ${f.year}: ${f.inhabitants} (${f.source})`)
    .join('; ');
}
