import { BREAKDOWNS, type Breakdown, type DashboardFilters, type Unit } from './dashboardQuery';

/**
 * The filters of a view as a query string (`?from=2020&to=2025&countries=FI,IS&unit=rate…`), so that a
 * link shows someone else the same view. Only these names are ever written: never a token (a token
 * travels in the fragment, which the page removes at once, or in memory).
 */
const NAMES = ['from', 'to', 'countries', 'trend', 'unit', 'mix', 'by', 'chart', 'lang'] as const;

export type SharedView = Partial<{
  yearFrom: number;
  yearTo: number;
  countries: string[];
  trendMeasure: string;
  unit: Unit;
  mixYear: number;
  breakdownBy: Breakdown;
  breakdownCountry: string;
  lang: string;
}>;

const YEAR = /^\d{4}$/;
const CODE = /^[A-Z]{2}$/;
const WORD = /^[A-Za-z_]{1,40}$/;

/**
 * What a link's query string asks for; anything malformed is left out (the page's defaults apply),
 * and names the dashboard does not write are ignored.
 */
export function readSharedView(search: string): SharedView {
  const params = new URLSearchParams(search);
  const view: SharedView = {};
  const year = (name: string) => {
    const value = params.get(name) ?? '';
    return YEAR.test(value) ? Number(value) : undefined;
  };
  const from = year('from');
  const to = year('to');
  const mix = year('mix');
  if (from !== undefined) view.yearFrom = from;
  if (to !== undefined) view.yearTo = to;
  if (mix !== undefined) view.mixYear = mix;
  const countries = params.get('countries');
  if (countries !== null)
    view.countries = countries === '' ? [] : countries.split(',').filter((c) => CODE.test(c));
  const trend = params.get('trend') ?? '';
  if (WORD.test(trend)) view.trendMeasure = trend;
  const unit = params.get('unit');
  if (unit === 'count' || unit === 'rate') view.unit = unit;
  const by = params.get('by') ?? '';
  if ((BREAKDOWNS as readonly string[]).includes(by)) view.breakdownBy = by as Breakdown;
  const chart = params.get('chart') ?? '';
  if (CODE.test(chart)) view.breakdownCountry = chart;
  const lang = params.get('lang') ?? '';
  if (/^[a-z]{2}$/.test(lang)) view.lang = lang;
  return view;
}

/** The query string (with its `?`) of the filters; the order is fixed so equal views give equal links. */
export function sharedViewQuery(filters: DashboardFilters): string {
  const values: Record<(typeof NAMES)[number], string> = {
    from: String(filters.yearFrom),
    to: String(filters.yearTo),
    countries: filters.countries.join(','),
    trend: filters.trendMeasure,
    unit: filters.unit,
    mix: String(filters.mixYear),
    by: filters.breakdownBy,
    chart: filters.breakdownCountry,
    lang: filters.lang,
  };
  const params = new URLSearchParams();
  for (const name of NAMES) if (values[name] !== '') params.set(name, values[name]);
  return `?${params.toString().replace(/%2C/g, ',')}`;
}
