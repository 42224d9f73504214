import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { parse, validate } from 'graphql';
import { breakdownView } from '../../gateway/dashboard/breakdownView';
import type { Cell } from '../../gateway/dashboard/cells';
import { downNotice } from '../../gateway/dashboard/countryReasons';
import {
  type CountryAnswer,
  DASHBOARD_QUERY,
  type DashboardFilters,
  EUROSTAT_QUERY,
} from '../../gateway/dashboard/dashboardQuery';
import { exportMetadata, tableCsv } from '../../gateway/dashboard/exportCsv';
import { setLanguage } from '../../gateway/dashboard/i18n';
import { Labels } from '../../gateway/dashboard/labels';
import { MESSAGES } from '../../gateway/dashboard/messages';
import { populationFor, rateCell } from '../../gateway/dashboard/rates';
import { readSharedView, sharedViewQuery } from '../../gateway/dashboard/urlState';
import { type ViewContext, mixView, overviewView } from '../../gateway/dashboard/views';
import { countryYearCell, firstRecordYear } from '../../gateway/dashboard/yearCells';

/*
 * The dashboard's view logic (issue 16.4): provisional and empty years, rates per 100,000 inhabitants
 * from the protected counts with hidden cells kept hidden, a country that did not answer said once,
 * and the filters in a shareable address that never holds a token.
 */

const THIS_YEAR = new Date().getUTCFullYear();

const figure = (year: number, value: number, extra: Partial<Cell> = {}) => ({
  year,
  value,
  suppressed: false,
  suppression: null,
  threshold: 5,
  perturbed: true,
  maxDeviation: 3,
  provisional: year >= THIS_YEAR,
  ...extra,
});
const small = (year: number) => ({
  ...figure(year, 0),
  value: null,
  suppressed: true,
  suppression: 'PRIMARY_SMALL_CELL',
});

function filters(overrides: Partial<DashboardFilters> = {}): DashboardFilters {
  return {
    yearFrom: THIS_YEAR - 4,
    yearTo: THIS_YEAR,
    countries: ['FI', 'IS', 'SE'],
    trendMeasure: 'IDENTIFIED_VICTIMS',
    lang: 'en',
    mixYear: THIS_YEAR - 1,
    breakdownBy: 'SEX',
    breakdownCountry: '',
    unit: 'count',
    ...overrides,
  };
}

/** FI has records from three years ago; the current year is provisional and holds some already. */
const finland: CountryAnswer = {
  code: 'FI',
  name: 'Finland',
  populations: [
    { year: THIS_YEAR - 10, inhabitants: 5_000_000, source: 'Statistics Finland' },
    { year: THIS_YEAR - 2, inhabitants: 5_600_000, source: 'Statistics Finland' },
  ],
  perYear: [
    figure(THIS_YEAR - 4, 0),
    figure(THIS_YEAR - 3, 0),
    figure(THIS_YEAR - 2, 56),
    small(THIS_YEAR - 1),
    figure(THIS_YEAR, 28),
  ],
  trend: [],
  mix: [{ ...figure(THIS_YEAR - 1, 10), exploitationGroup: 'SEXUAL' }],
  breakdown: [
    { ...figure(THIS_YEAR - 2, 40), sex: 'FEMALE' },
    { ...small(THIS_YEAR - 2), sex: 'MALE' },
    { ...figure(THIS_YEAR - 1, 12), sex: 'FEMALE' },
  ],
  routeFlows: [],
  referralMetrics: [],
};

/** IS answered but the registry holds no population figure for it. */
const iceland: CountryAnswer = {
  code: 'IS',
  name: 'Iceland',
  populations: [],
  perYear: [0, 1, 2, 3, 4].map((i) => figure(THIS_YEAR - 4 + i, i === 4 ? 0 : 10)),
  trend: [],
  mix: [],
  breakdown: [],
  routeFlows: [],
  referralMetrics: [],
};

function context(overrides: Partial<DashboardFilters> = {}): ViewContext {
  return {
    filters: filters(overrides),
    answered: [finland, iceland],
    unavailable: [{ code: 'SE', reason: 'its national service does not answer' }],
    countryName: (code) => new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code,
    groups: new Labels([{ code: 'SEXUAL', label: 'Sexual exploitation' }]),
    measures: new Labels([]),
    breakdownLabels: { SEX: new Labels([{ code: 'FEMALE', label: 'Female' }]) },
  };
}

const texts = (model: ReturnType<typeof overviewView>, row: number) =>
  model.table.rows[row]?.cells.map((c) => c.text);

describe('provisional years and years without records', () => {
  beforeEach(() => setLanguage('en'));

  it('shows years before the first records as "no data", never 0, and leaves them out of the chart', () => {
    expect(firstRecordYear(finland.perYear)).toBe(THIS_YEAR - 2);
    const model = overviewView(context());
    expect(texts(model, 0)).toEqual(['no data', 'no data', '56', '< 5', '28']);
    expect(model.table.rows[0]?.cells.map((c) => c.flag)).toEqual([
      'no data',
      'no data',
      'perturbed',
      '< 5',
      'perturbed; provisional',
    ]);
    const series = (model.chart.series as { data: unknown[] }[])[0]!;
    expect(series.data.slice(0, 4)).toEqual([null, null, 56, null]);
  });

  it('marks the current year as provisional in the table, the chart and the CSV', () => {
    const model = overviewView(context());
    expect(model.table.columns.map((c) => c.title).at(-1)).toBe(`${THIS_YEAR} (provisional)`);
    expect(model.table.columns.map((c) => c.csvTitle).at(-1)).toBe(String(THIS_YEAR));
    expect(model.table.rows[0]?.cells.at(-1)).toMatchObject({ provisional: true, value: 28 });
    const series = (model.chart.series as { data: unknown[]; markArea?: unknown }[])[0]!;
    expect(series.data.at(-1)).toEqual({ value: 28, itemStyle: { opacity: 0.45 } });
    expect(JSON.stringify(series.markArea)).toContain('provisional');
    const csv = tableCsv(model.table, exportMetadata('t', ['FI'], '/graphql', model.cells, new Date(0)));
    expect(csv).toContain(`Finland,${THIS_YEAR},28,perturbed; provisional\r\n`);
  });

  it('shows a provisional year with nothing recorded yet as "no data", and a zero of a closed year as 0', () => {
    expect(texts(overviewView(context()), 1)).toEqual(['10', '10', '10', '10', 'no data']);
    const options = { unit: 'count' as const, firstYear: THIS_YEAR - 3, populations: [] };
    expect(countryYearCell(figure(THIS_YEAR - 2, 0), THIS_YEAR - 2, options).text).toBe('0');
  });

  it('says so in every language', () => {
    for (const lang of ['fi', 'sv', 'nb', 'da', 'is'] as const) {
      setLanguage(lang);
      expect(texts(overviewView(context()), 0)?.[0]).toBe(MESSAGES[lang]['cell.noData']);
    }
  });
});

describe('rates per 100,000 inhabitants', () => {
  beforeEach(() => setLanguage('en'));

  it("divides the published count by the year's population (else the latest before, else the earliest after)", () => {
    expect(populationFor(finland.populations, THIS_YEAR - 2)?.inhabitants).toBe(5_600_000);
    expect(populationFor(finland.populations, THIS_YEAR)?.inhabitants).toBe(5_600_000);
    expect(populationFor(finland.populations, THIS_YEAR - 5)?.inhabitants).toBe(5_000_000);
    expect(populationFor(finland.populations, THIS_YEAR - 20)?.inhabitants).toBe(5_000_000);
    expect(populationFor([], THIS_YEAR)).toBeNull();
    const model = overviewView(context({ unit: 'rate' }));
    expect(model.table.rows[0]?.cells[2]).toMatchObject({ text: '1.00', value: 1, kind: 'figure' });
    expect(model.table.rows[0]?.cells[4]).toMatchObject({ text: '0.50', value: 0.5, provisional: true });
  });

  it('keeps a hidden count hidden: no rate, no number in the chart, the same flag', () => {
    const model = overviewView(context({ unit: 'rate' }));
    expect(model.table.rows[0]?.cells[3]).toEqual({
      text: '< 5',
      value: null,
      flag: '< 5',
      kind: 'suppressed',
      provisional: false,
    });
    expect((model.chart.series as { data: unknown[] }[])[0]!.data[3]).toBeNull();
    expect(model.notDrawn).toContain(`FI ${THIS_YEAR - 1}: < 5`);
    const hidden = rateCell(
      { text: 'suppressed', value: null, flag: 'suppressed', kind: 'suppressed' },
      {
        year: 2024,
        inhabitants: 1,
        source: 'x',
      },
    );
    expect(hidden.value).toBeNull();
  });

  it('says "no population figure" for a country the registry holds none for, and names the figures used', () => {
    const model = overviewView(context({ unit: 'rate' }));
    expect(texts(model, 1)?.slice(0, 4)).toEqual(Array(4).fill('no population figure'));
    expect(model.populations?.get('FI')).toMatchObject({ year: THIS_YEAR - 2, source: 'Statistics Finland' });
    expect(model.title).toBe('Registered victims per country and year per 100,000 inhabitants');
  });

  it('rates the breakdown from its own published cells only: a hidden category is never recomputed from the total', () => {
    const model = breakdownView(context({ unit: 'rate' }), 'sex');
    const rows = model.table.rows.filter((r) => r.labels[0] === 'Finland');
    expect(rows.map((r) => r.labels[1])).toEqual(['Female', 'MALE']);
    const male = rows[1]!.cells;
    // The year total (56) minus the women (40) would give the men: the view never does that.
    expect(male[2]).toMatchObject({ text: '< 5', value: null, kind: 'suppressed' });
    expect(male.every((c) => c.value === null || c.value === 0)).toBe(true);
    expect(rows[0]!.cells.map((c) => c.text)).toEqual(['no data', 'no data', '0.71', '0.21', '0.00']);
  });
});

describe('the exploitation mix of a chosen year', () => {
  beforeEach(() => setLanguage('en'));

  it("names the mix's year and shows a country with no records that year as no data", () => {
    const model = mixView(context({ mixYear: THIS_YEAR - 1 }));
    expect(model.title).toBe(`Exploitation mix per country, ${THIS_YEAR - 1}`);
    expect(model.table.rows.map((r) => r.cells.map((c) => c.text))).toEqual([['10'], ['no data'], []]);
  });
});

describe('a country that did not answer', () => {
  beforeEach(() => setLanguage('en'));

  it('is said once per table, in words, and once above the views, never as an error code in every cell', () => {
    const model = overviewView(context());
    const sweden = model.table.rows.find((r) => r.labels[0] === 'Sweden')!;
    expect(sweden.cells).toEqual([]);
    expect(sweden.note?.text).toBe('unavailable (its national service does not answer)');
    const csv = tableCsv(model.table, exportMetadata('t', ['FI'], '/graphql', model.cells, new Date(0)));
    expect(csv.split('\r\n').filter((l) => l.startsWith('Sweden'))).toEqual(['Sweden,,,unavailable']);
    const notice = downNotice(new Map([['SE', 'COUNTRY_UNAVAILABLE']]), ['FI', 'SE'], (c) => `<${c}>`);
    expect(notice).toBe(
      '<SE> did not answer: its national service does not answer. Its figures are missing from the views below.',
    );
    expect(notice).not.toContain('COUNTRY_');
    expect(downNotice(new Map([['SE', 'COUNTRY_TIMEOUT']]), ['FI'], String)).toBe('');
  });
});

describe('the filters in the address', () => {
  it('round-trips every filter through the query string', () => {
    const chosen = filters({ unit: 'rate', breakdownBy: 'CITIZENSHIP_GROUP', breakdownCountry: 'IS' });
    const query = sharedViewQuery(chosen);
    expect(query).toBe(
      `?from=${THIS_YEAR - 4}&to=${THIS_YEAR}&countries=FI,IS,SE&trend=IDENTIFIED_VICTIMS&unit=rate&mix=${THIS_YEAR - 1}&by=CITIZENSHIP_GROUP&chart=IS&lang=en`,
    );
    expect(readSharedView(query)).toEqual({
      yearFrom: chosen.yearFrom,
      yearTo: chosen.yearTo,
      countries: ['FI', 'IS', 'SE'],
      trendMeasure: 'IDENTIFIED_VICTIMS',
      unit: 'rate',
      mixYear: chosen.mixYear,
      breakdownBy: 'CITIZENSHIP_GROUP',
      breakdownCountry: 'IS',
      lang: 'en',
    });
  });

  it('never carries a token, and ignores what it does not know or cannot read', () => {
    const view = readSharedView(
      '?token=eyJ.a.b&from=20x4&countries=FI,<script>&unit=all&by=NAME&access_token=x',
    );
    expect(view).toEqual({ countries: ['FI'] });
    expect(sharedViewQuery(filters())).not.toMatch(/token|bearer|eyJ/i);
  });
});

describe("the dashboard's operations", () => {
  it('are valid against the contract’s supergraph (every field asked exists where it is asked)', () => {
    const sdl = readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
    const schema = Supergraph.build(sdl).apiSchema().toGraphQLJSSchema();
    for (const operation of [DASHBOARD_QUERY, EUROSTAT_QUERY])
      expect(validate(schema, parse(operation)).map((e) => e.message)).toEqual([]);
  });
});
