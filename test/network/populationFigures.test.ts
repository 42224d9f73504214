import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadNetworkConfig } from '../../subgraphs/network/src/config';
import { postGraphql } from '../support/graphql';
import { type RunningProcess, startNetwork, tempDir } from '../support/services';

/*
 * The network registry keeps each country's population with its source and year (issue 16.4): the
 * denominators of the dashboard's rates per 100,000 inhabitants. The figures are configuration
 * (NETWORK_POPULATION_FILE), checked at start.
 */

const QUERY = `{ countries { code populations { year inhabitants source } } }`;

function populationFile(figures: unknown): string {
  const file = join(tempDir('population'), 'population.json');
  writeFileSync(file, JSON.stringify({ figures }));
  return file;
}

describe('population figures in the network registry', () => {
  let checkedIn: RunningProcess;
  let configured: RunningProcess;

  beforeAll(async () => {
    const file = populationFile([
      { country: 'IS', year: 2025, inhabitants: 390000, source: 'Hagstofa Íslands' },
      { country: 'IS', year: 2023, inhabitants: 380000, source: 'Hagstofa Íslands' },
    ]);
    [checkedIn, configured] = await Promise.all([
      startNetwork(`sqlite:${join(tempDir('network'), 'network.sqlite')}`),
      startNetwork(`sqlite:${join(tempDir('network'), 'network.sqlite')}`, {
        NETWORK_POPULATION_FILE: file,
      }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([checkedIn?.stop(), configured?.stop()]);
  });

  it('serves every member country a population with its year and source; directory-only territories have none', async () => {
    const response = await postGraphql(`${checkedIn.url}/graphql`, QUERY);
    expect(response.errors).toBeUndefined();
    const byCode = Object.fromEntries(
      (response.data?.countries as { code: string; populations: unknown[] }[]).map((c) => [
        c.code,
        c.populations,
      ]),
    );
    for (const code of ['FI', 'SE', 'NO', 'DK', 'IS']) {
      expect(byCode[code]).not.toHaveLength(0);
      for (const figure of byCode[code] as { year: number; inhabitants: number; source: string }[]) {
        expect(figure.year).toBeGreaterThanOrEqual(2000);
        expect(figure.inhabitants).toBeGreaterThan(100_000);
        expect(figure.source).toMatch(/Statistics|Hagstofa/);
      }
    }
    expect(byCode.AX).toEqual([]);
  });

  it('serves the figures of NETWORK_POPULATION_FILE instead, oldest year first', async () => {
    const response = await postGraphql(
      `${configured.url}/graphql`,
      `{ country(code: IS) { populations { year inhabitants source } } fi: country(code: FI) { populations { year } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      country: {
        populations: [
          { year: 2023, inhabitants: 380000, source: 'Hagstofa Íslands' },
          { year: 2025, inhabitants: 390000, source: 'Hagstofa Íslands' },
        ],
      },
      fi: { populations: [] },
    });
  });

  it.each<[string, unknown, RegExp]>([
    ['a negative count', [{ country: 'FI', year: 2024, inhabitants: -5, source: 'x' }], /inhabitants/],
    ['no source', [{ country: 'FI', year: 2024, inhabitants: 5 }], /source/],
    [
      'a name instead of a code',
      [{ country: 'Finland', year: 2024, inhabitants: 5, source: 'x' }],
      /ISO 3166-1/,
    ],
    [
      'the same year twice',
      [
        { country: 'FI', year: 2024, inhabitants: 5, source: 'x' },
        { country: 'FI', year: 2024, inhabitants: 6, source: 'y' },
      ],
      /FI 2024 twice/,
    ],
  ])(
    'refuses a population file with %s at start, naming NETWORK_POPULATION_FILE',
    (_case, figures, message) => {
      const env = { ...process.env, NETWORK_POPULATION_FILE: populationFile(figures) };
      expect(() => loadNetworkConfig(['--port', '0'], env)).toThrow(message);
      expect(() => loadNetworkConfig(['--port', '0'], env)).toThrow(/NETWORK_POPULATION_FILE/);
    },
  );
});
