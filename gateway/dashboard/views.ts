import type { EChartsCoreOption } from 'echarts/core';
import {
  type Cell,
  type CellSum,
  type TableCell,
  cellText,
  chartValue,
  figureCell,
  sumCell,
  sumCells,
  tableCell,
  unavailableCell,
} from './cells';
import type {
  CountryAnswer,
  DashboardFilters,
  MetricsRow,
  PopulationFigure,
  YearCell,
} from './dashboardQuery';
import { formatNumber, t } from './i18n';
import type { Labels } from './labels';
import {
  type CellOptions,
  countryYearCell,
  drawnValue,
  firstRecordYear,
  isProvisionalYear,
  yearTitle,
} from './yearCells';

/** A data column: its title as shown, and in the CSV when that differs (the table's own words). */
export interface TableColumn {
  title: string;
  csvTitle?: string;
}

/**
 * A table as shown and as downloaded, from the same cells, so suppression is the same in both: each
 * row's labels (e.g. the country), then one cell per data column.
 */
export interface TableModel {
  labelHeader: string[];
  /** What the data columns are (a year, a form of exploitation…): the CSV's column of that name. */
  columnDimension: string;
  columns: TableColumn[];
  /** A row has a cell per column, or one `note` across them all (a country that did not answer). */
  rows: { labels: string[]; cells: TableCell[]; note?: TableCell }[];
}

/** One view of the dashboard: its chart, its table, the hidden cells the chart does not draw, the cells it read. */
export interface ViewModel {
  title: string;
  chart: EChartsCoreOption;
  table: TableModel;
  notDrawn: string[];
  cells: Cell[];
  /** The population figure each rate divided by, per country (rates only: for the CSV's metadata). */
  populations?: ReadonlyMap<string, PopulationFigure>;
}

export interface ViewContext {
  filters: DashboardFilters;
  /** Selected countries that answered, in network order. */
  answered: CountryAnswer[];
  /** Selected countries that did not answer, with the reason shown. */
  unavailable: { code: string; reason: string }[];
  countryName: (code: string) => string;
  groups: Labels;
  measures: Labels;
  /** Labels of the breakdown dimensions' code lists (sex, age group, citizenship, exploitation). */
  breakdownLabels?: Partial<Record<string, Labels>>;
}

export const PALETTE = ['#1f5fa8', '#e0a100', '#b5323a', '#2e8b57', '#6a4c93', '#7a7a7a'];

/** Each country keeps its colour whichever countries are shown or down. */
const COUNTRY_COLOURS: Record<string, string> = {
  FI: '#1f5fa8',
  SE: '#e0a100',
  NO: '#b5323a',
  DK: '#2e8b57',
  IS: '#6a4c93',
};
const colourOf = (code: string) => ({ color: COUNTRY_COLOURS[code] ?? '#7a7a7a' });
const GROUP_ORDER = ['SEXUAL', 'FORCED_LABOUR_OR_SERVICES', 'OTHER', 'UNKNOWN'];

export function years(filters: DashboardFilters): number[] {
  const list: number[] = [];
  for (let y = filters.yearFrom; y <= filters.yearTo; y++) list.push(y);
  return list;
}

/** A country that did not answer: one row, with one cell across the columns saying why, in words. */
export function unavailableRows(context: ViewContext, labels: number): TableModel['rows'] {
  return context.unavailable.map((u) => ({
    labels: [context.countryName(u.code), ...Array.from({ length: labels - 1 }, () => '')],
    cells: [],
    note: unavailableCell(u.reason),
  }));
}

/** The options of a country's cells: the unit, its first year of records, its population figures. */
export function cellOptions(
  context: ViewContext,
  country: CountryAnswer,
  used: Map<string, PopulationFigure>,
): CellOptions {
  return {
    unit: context.filters.unit,
    firstYear: firstRecordYear(country.perYear),
    populations: country.populations,
    usedPopulation: (figure) => {
      const before = used.get(country.code);
      if (!before || before.year < figure.year) used.set(country.code, figure);
    },
  };
}

/** The value axis' name: the unit's words when figures are rates. */
export function axisName(context: ViewContext, countName: string): string {
  return context.filters.unit === 'rate' ? `${countName} ${t('axis.rate')}` : countName;
}

/** Numbers on axes and tooltips: rates with two decimals. */
export function rateAware(context: ViewContext): (value: unknown) => string {
  const digits = context.filters.unit === 'rate' ? 2 : 0;
  return (value) => (typeof value === 'number' ? formatNumber(value, digits) : '–');
}

/** A band over the provisional years of a category axis, named in words (the colour alone says nothing). */
export function provisionalBand(yearList: number[], provisional: (year: number) => boolean): object {
  const first = yearList.find(provisional);
  if (first === undefined) return {};
  const last = [...yearList].reverse().find(provisional) as number;
  return {
    markArea: {
      silent: true,
      itemStyle: { color: 'rgba(128,128,128,0.15)' },
      label: { show: true, position: 'insideTop', color: 'inherit' },
      data: [[{ name: t('chart.provisional'), xAxis: String(first) }, { xAxis: String(last) }]],
    },
  };
}

export function tooltip(): EChartsCoreOption {
  return { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: formatValue };
}

/** Numbers on axes and in tooltips as the page's language writes them. */
function formatValue(value: unknown): string {
  return typeof value === 'number' ? formatNumber(value) : '–';
}

const valueAxisLabel = { formatter: (value: number) => formatNumber(value) };

/**
 * One count per country and year: a series per country (bars or lines) and a table with a row per
 * country and a column per year. Years before a country's first records are "no data" (a gap, not a
 * zero); the provisional (current) year is marked in the chart and the table; as rates, each visible
 * count is divided by that year's population, and a hidden count stays hidden.
 */
function yearlyView(
  context: ViewContext,
  cells: (country: CountryAnswer) => YearCell[] | null,
  chartType: 'bar' | 'line',
  yAxisName: string,
  title: string,
): ViewModel {
  const yearList = years(context.filters);
  const notDrawn: string[] = [];
  const used = new Map<string, PopulationFigure>();
  const seen = context.answered.flatMap((country) => cells(country) ?? []);
  const provisional = (year: number) => isProvisionalYear(year, seen);
  const rows = context.answered.map((country) => {
    const options = cellOptions(context, country, used);
    return {
      country,
      cells: yearList.map((year) => {
        const cell = cells(country)?.find((r) => r.year === year);
        if (cell?.suppressed) notDrawn.push(`${country.code} ${year}: ${cellText(cell)}`);
        return countryYearCell(cell, year, options);
      }),
    };
  });
  const format = rateAware(context);
  const series = rows.map(({ country, cells: row }, index) => ({
    name: context.countryName(country.code),
    type: chartType,
    itemStyle: colourOf(country.code),
    ...(chartType === 'line' ? { lineStyle: colourOf(country.code), symbolSize: 7 } : {}),
    data: row.map((cell, i) => {
      const value = drawnValue(cell);
      // A provisional figure is drawn hollow (lines) or faded (bars): it will still change.
      if (!provisional(yearList[i] as number) || value === null) return value;
      return chartType === 'bar' ? { value, itemStyle: { opacity: 0.45 } } : { value, symbol: 'emptyCircle' };
    }),
    ...(index === 0 ? provisionalBand(yearList, provisional) : {}),
  }));
  return {
    chart: {
      tooltip:
        chartType === 'bar'
          ? { ...tooltip(), valueFormatter: format }
          : { trigger: 'axis', valueFormatter: format },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: yearList.map(String) },
      yAxis: { type: 'value', name: axisName(context, yAxisName), axisLabel: { formatter: format } },
      series,
    },
    table: {
      labelHeader: [t('table.country')],
      columnDimension: t('table.year'),
      columns: yearList.map((year) => ({
        title: yearTitle(year, provisional(year)),
        csvTitle: String(year),
      })),
      rows: [
        ...rows.map(({ country, cells: row }) => ({
          labels: [context.countryName(country.code)],
          cells: row,
        })),
        ...unavailableRows(context, 1),
      ],
    },
    title: context.filters.unit === 'rate' ? `${title} ${t('axis.rate')}` : title,
    notDrawn,
    cells: seen,
    ...(context.filters.unit === 'rate' ? { populations: used } : {}),
  };
}

/** Registered victims per country per year (grouped bars). */
export function overviewView(context: ViewContext): ViewModel {
  return yearlyView(context, (c) => c.perYear, 'bar', t('axis.victims'), t('overview.title'));
}

/** The chosen measure per country over the years (lines). */
export function trendView(context: ViewContext): ViewModel {
  const measure = context.measures.of(context.filters.trendMeasure);
  return yearlyView(context, (c) => c.trend, 'line', measure, `${t('trend.title')}: ${measure}`);
}

/** Registered victims of the chosen year by Eurostat exploitation group, per country (stacked bars). */
export function mixView(context: ViewContext): ViewModel {
  const year = context.filters.mixYear;
  const present = new Set(
    context.answered.flatMap((c) => (c.mix ?? []).map((r) => r.exploitationGroup ?? '')),
  );
  const groups = GROUP_ORDER.filter((g) => present.has(g));
  const notDrawn: string[] = [];
  const used = new Map<string, PopulationFigure>();
  const seen = context.answered.flatMap((c) => c.mix ?? []);
  const provisional = isProvisionalYear(
    year,
    seen.map((c) => ({ ...c, year })),
  );
  const rows = context.answered.map((country) => {
    const options = cellOptions(context, country, used);
    // A country with no row at all for the year recorded nothing then: "no data" in every group.
    const recorded = (country.mix ?? []).length > 0;
    return {
      country,
      cells: groups.map((group) => {
        const cell = country.mix?.find((r) => r.exploitationGroup === group);
        if (cell?.suppressed) notDrawn.push(`${country.code} ${context.groups.of(group)}: ${cellText(cell)}`);
        return countryYearCell(cell, year, {
          ...options,
          yearRecorded: recorded,
          firstYear: recorded ? year : null,
        });
      }),
    };
  });
  const format = rateAware(context);
  const series = groups.map((group, g) => ({
    name: context.groups.of(group),
    type: 'bar',
    stack: 'mix',
    data: rows.map(({ cells }) => drawnValue(cells[g] as TableCell)),
  }));
  const title = t('mix.title', { year: yearTitle(year, provisional) });
  return {
    chart: {
      color: PALETTE,
      tooltip: { ...tooltip(), valueFormatter: format },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 90, right: 16, top: 36, bottom: 28 },
      xAxis: {
        type: 'value',
        name: axisName(context, t('axis.victims')),
        axisLabel: { formatter: format },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map(({ country }) => context.countryName(country.code)),
      },
      series,
    },
    table: {
      labelHeader: [t('table.country')],
      columnDimension: t('table.exploitation'),
      columns: groups.map((g) => ({ title: context.groups.of(g) })),
      rows: [
        ...rows.map(({ country, cells }) => ({ labels: [context.countryName(country.code)], cells })),
        ...unavailableRows(context, 1),
      ],
    },
    title: context.filters.unit === 'rate' ? `${title} ${t('axis.rate')}` : title,
    notDrawn,
    cells: seen,
    ...(context.filters.unit === 'rate' ? { populations: used } : {}),
  };
}

/** The most travelled routes in the Sankey; every route is in the table. */
export const SANKEY_ROUTES = 30;

interface Route {
  from: string;
  to: string;
  byCountry: Map<string, Cell>;
  sum: CellSum;
}

/** Recruitment country → exploitation country, added up over the registering countries. */
export function routes(context: ViewContext): Route[] {
  const byPair = new Map<string, Route>();
  for (const country of context.answered) {
    for (const flow of country.routeFlows ?? []) {
      const key = `${flow.from}>${flow.to}`;
      const route = byPair.get(key) ?? {
        from: flow.from,
        to: flow.to,
        byCountry: new Map(),
        sum: sumCells([]),
      };
      route.byCountry.set(country.code, flow);
      byPair.set(key, route);
    }
  }
  const list = [...byPair.values()];
  for (const route of list) route.sum = sumCells([...route.byCountry.values()]);
  return list.sort(
    (a, b) => b.sum.visible - a.sum.visible || a.from.localeCompare(b.from) || a.to.localeCompare(b.to),
  );
}

export function flowsView(context: ViewContext): ViewModel {
  const all = routes(context);
  const drawn = all.filter((r) => r.sum.visible > 0).slice(0, SANKEY_ROUTES);
  const source = (code: string) => t('flows.recruited', { country: context.countryName(code) });
  const target = (code: string) => t('flows.exploited', { country: context.countryName(code) });
  const nodes = [...new Set(drawn.flatMap((r) => [source(r.from), target(r.to)]))].map((name) => ({ name }));
  const notDrawn = all
    .filter((r) => r.sum.visible === 0 && r.sum.hiddenParts > 0)
    .map((r) => `${r.from} → ${r.to}: ${sumCell(r.sum).text}`);
  const registering = context.answered.map((c) => c.code);
  return {
    chart: {
      tooltip: { trigger: 'item', valueFormatter: formatValue },
      series: [
        {
          type: 'sankey',
          left: 8,
          right: 150,
          top: 8,
          bottom: 8,
          nodeGap: 6,
          emphasis: { focus: 'adjacency' },
          lineStyle: { color: 'gradient', opacity: 0.45 },
          label: { fontSize: 11 },
          data: nodes,
          links: drawn.map((r) => ({
            source: source(r.from),
            target: target(r.to),
            value: r.sum.visible,
            routeText: sumCell(r.sum).text,
          })),
        },
      ],
    },
    table: {
      labelHeader: [t('flows.recruitedIn'), t('flows.exploitedIn')],
      columnDimension: t('flows.registeringCountry'),
      columns: [
        ...registering.map((c) => ({
          title: t('flows.registeredIn', { country: c }),
          csvTitle: context.countryName(c),
        })),
        { title: t('flows.total') },
      ],
      rows: all.map((r) => ({
        labels: [context.countryName(r.from), context.countryName(r.to)],
        cells: [...registering.map((c) => tableCell(r.byCountry.get(c))), sumCell(r.sum)],
      })),
    },
    title: t('flows.title'),
    notDrawn,
    cells: context.answered.flatMap((c) => c.routeFlows ?? []),
  };
}

function countCell(row: MetricsRow, name: 'sent' | 'accepted' | 'declined'): Cell {
  return { ...row[name], threshold: row.threshold };
}

function medianCell(row: MetricsRow): TableCell {
  if (row.medianSuppressed)
    return {
      text: t('cell.medianSuppressed', { threshold: formatNumber(row.threshold) }),
      value: null,
      flag: `< ${row.threshold} answers`,
      kind: 'suppressed',
    };
  return figureCell(row.medianDaysToResponse, 1);
}

const REFERRAL_COUNTS = ['sent', 'accepted', 'declined'] as const;
const REFERRAL_TITLES = {
  sent: 'referrals.sent',
  accepted: 'referrals.accepted',
  declined: 'referrals.declined',
} as const;

/** Referrals sent, accepted and declined per country pair (grouped bars) and median days to an answer. */
export function referralsView(context: ViewContext): ViewModel {
  const rows = context.answered.flatMap((c) => c.referralMetrics ?? []);
  const pair = (r: MetricsRow) => `${r.fromCountry} → ${r.toCountry}`;
  const notDrawn: string[] = [];
  const series = REFERRAL_COUNTS.map((name) => ({
    name: t(REFERRAL_TITLES[name]),
    type: 'bar',
    data: rows.map((row) => {
      const cell = countCell(row, name);
      if (cell.suppressed) notDrawn.push(`${pair(row)} ${t(REFERRAL_TITLES[name])}: ${cellText(cell)}`);
      return chartValue(cell);
    }),
  }));
  return {
    chart: {
      color: ['#1f5fa8', '#2e8b57', '#b5323a'],
      tooltip: tooltip(),
      legend: { top: 0, type: 'scroll' },
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: rows.map(pair) },
      yAxis: { type: 'value', name: t('axis.referrals'), axisLabel: valueAxisLabel },
      series,
    },
    table: {
      labelHeader: [t('referrals.from'), t('referrals.to')],
      columnDimension: t('table.figure'),
      columns: [
        ...REFERRAL_COUNTS.map((name) => ({ title: t(REFERRAL_TITLES[name]) })),
        { title: t('referrals.median') },
      ],
      rows: [
        ...rows.map((row) => ({
          labels: [context.countryName(row.fromCountry), context.countryName(row.toCountry)],
          cells: [...REFERRAL_COUNTS.map((name) => tableCell(countCell(row, name))), medianCell(row)],
        })),
        ...unavailableRows(context, 2),
      ],
    },
    title: t('referrals.title'),
    notDrawn,
    cells: rows.flatMap((row) => REFERRAL_COUNTS.map((name) => countCell(row, name))),
  };
}
