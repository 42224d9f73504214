import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PopulationFigure, isCountryCode } from '@nordic/schema';
import { z } from 'zod';

/** The checked-in population figures (`subgraphs/network/data/population.json`). */
export const DEFAULT_POPULATION_FILE = join(__dirname, '..', '..', 'data', 'population.json');

/** Every country's population figures, by country code, oldest year first. */
export type PopulationTable = ReadonlyMap<string, readonly PopulationFigure[]>;

const populationFile = z.strictObject({
  figures: z.array(
    z.strictObject({
      country: z.string().refine(isCountryCode, { error: 'expected an ISO 3166-1 alpha-2 code, e.g. FI' }),
      year: z.int().min(1900).max(2200),
      inhabitants: z.int().positive(),
      source: z.string().min(1).max(200),
    }),
  ),
});

/**
 * Reads and checks a population file (`{ "figures": [{ country, year, inhabitants, source }] }`).
 * Throws naming the file, the entry and the fix: a figure listed twice for the same country and year
 * is refused, since a rate would then depend on which one is read.
 */
export function readPopulationFile(file: string = DEFAULT_POPULATION_FILE): PopulationTable {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `NETWORK_POPULATION_FILE: cannot read ${file} as JSON (${(error as Error).message}). Fix: point it at a JSON file like subgraphs/network/data/population.json.`,
    );
  }
  const result = populationFile.safeParse(json);
  if (!result.success)
    throw new Error(
      `NETWORK_POPULATION_FILE: ${file} is not valid:\n${z.prettifyError(result.error)}\nFix: each figure is { "country": "FI", "year": 2024, "inhabitants": 5603851, "source": "Statistics Finland" }.`,
    );
  const table = new Map<string, PopulationFigure[]>();
  for (const { country, year, inhabitants, source } of result.data.figures) {
    const list = table.get(country) ?? [];
    if (list.some((f) => f.year === year))
      throw new Error(
        `NETWORK_POPULATION_FILE: ${file} lists ${country} ${year} twice. Fix: keep one figure per country and year.`,
      );
    list.push({ year, inhabitants, source });
    table.set(country, list);
  }
  for (const list of table.values()) list.sort((a, b) => a.year - b.year);
  return table;
}
