import type { EChartsCoreOption } from 'echarts/core';
import { type Cell, type CellSum, cellText, chartValue, sumCells, sumText } from './cells';
import type { CountryAnswer, DashboardFilters, MetricsRow, YearCell } from './dashboardQuery';
import type { Labels } from './labels';

/** A table as shown and as downloaded: the same text in both, so suppression is the same. */
export interface TableModel {
  header: string[];
  rows: string[][];
}

/** One view of the dashboard: its chart, its table, and the hidden cells the chart does not draw. */
export interface ViewModel {
  chart: EChartsCoreOption;
  table: TableModel;
  notDrawn: string[];
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
}

const PALETTE = ['#1f5fa8', '#e0a100', '#b5323a', '#2e8b57', '#6a4c93', '#7a7a7a'];

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

function years(filters: DashboardFilters): number[] {
  const list: number[] = [];
  for (let y = filters.yearFrom; y <= filters.yearTo; y++) list.push(y);
  return list;
}

function unavailableRows(context: ViewContext, width: number): string[][] {
  return context.unavailable.map((u) => [
    context.countryName(u.code),
    ...Array.from({ length: width - 1 }, () => `unavailable (${u.reason})`),
  ]);
}

function tooltip(): EChartsCoreOption {
  return { trigger: 'axis', axisPointer: { type: 'shadow' } };
}

/**
 * One count per country and year: a series per country (bars or lines) and a table with a row per
 * country and a column per year.
 */
function yearlyView(
  context: ViewContext,
  cells: (country: CountryAnswer) => YearCell[] | null,
  chartType: 'bar' | 'line',
  yAxisName: string,
): ViewModel {
  const yearList = years(context.filters);
  const notDrawn: string[] = [];
  const cellOf = (country: CountryAnswer, year: number) => cells(country)?.find((r) => r.year === year);
  const series = context.answered.map((country) => ({
    name: context.countryName(country.code),
    type: chartType,
    itemStyle: colourOf(country.code),
    ...(chartType === 'line' ? { lineStyle: colourOf(country.code), symbolSize: 7 } : {}),
    data: yearList.map((year) => {
      const cell = cellOf(country, year);
      if (cell?.suppressed) notDrawn.push(`${country.code} ${year}: ${cellText(cell)}`);
      return chartValue(cell);
    }),
  }));
  return {
    chart: {
      tooltip: chartType === 'bar' ? tooltip() : { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: yearList.map(String) },
      yAxis: { type: 'value', name: yAxisName },
      series,
    },
    table: {
      header: ['Country', ...yearList.map(String)],
      rows: [
        ...context.answered.map((country) => [
          context.countryName(country.code),
          ...yearList.map((year) => cellText(cellOf(country, year))),
        ]),
        ...unavailableRows(context, yearList.length + 1),
      ],
    },
    notDrawn,
  };
}

/** Registered victims per country per year (grouped bars). */
export function overviewView(context: ViewContext): ViewModel {
  return yearlyView(context, (c) => c.perYear, 'bar', 'victims');
}

/** The chosen measure per country over the years (lines). */
export function trendView(context: ViewContext): ViewModel {
  return yearlyView(context, (c) => c.trend, 'line', context.measures.of(context.filters.trendMeasure));
}

/** Registered victims of the last year by Eurostat exploitation group, per country (stacked bars). */
export function mixView(context: ViewContext): ViewModel {
  const present = new Set(
    context.answered.flatMap((c) => (c.mix ?? []).map((r) => r.exploitationGroup ?? '')),
  );
  const groups = GROUP_ORDER.filter((g) => present.has(g));
  const notDrawn: string[] = [];
  const cellOf = (country: CountryAnswer, group: string) =>
    country.mix?.find((r) => r.exploitationGroup === group);
  const series = groups.map((group) => ({
    name: context.groups.of(group),
    type: 'bar',
    stack: 'mix',
    data: context.answered.map((country) => {
      const cell = cellOf(country, group);
      if (cell?.suppressed) notDrawn.push(`${country.code} ${context.groups.of(group)}: ${cellText(cell)}`);
      return chartValue(cell);
    }),
  }));
  return {
    chart: {
      color: PALETTE,
      tooltip: tooltip(),
      legend: { top: 0 },
      grid: { left: 90, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'value', name: 'victims' },
      yAxis: {
        type: 'category',
        inverse: true,
        data: context.answered.map((c) => context.countryName(c.code)),
      },
      series,
    },
    table: {
      header: ['Country', ...groups.map((g) => context.groups.of(g))],
      rows: [
        ...context.answered.map((country) => [
          context.countryName(country.code),
          ...groups.map((group) => cellText(cellOf(country, group))),
        ]),
        ...unavailableRows(context, groups.length + 1),
      ],
    },
    notDrawn,
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
  const source = (code: string) => `${context.countryName(code)} (recruited)`;
  const target = (code: string) => `${context.countryName(code)} (exploited)`;
  const nodes = [...new Set(drawn.flatMap((r) => [source(r.from), target(r.to)]))].map((name) => ({ name }));
  const notDrawn = all
    .filter((r) => r.sum.visible === 0 && r.sum.hiddenParts > 0)
    .map((r) => `${r.from} → ${r.to}: ${sumText(r.sum)}`);
  const registering = context.answered.map((c) => c.code);
  return {
    chart: {
      tooltip: { trigger: 'item' },
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
            routeText: sumText(r.sum),
          })),
        },
      ],
    },
    table: {
      header: ['Recruited in', 'Exploited in', ...registering.map((c) => `Registered in ${c}`), 'Total'],
      rows: all.map((r) => [
        context.countryName(r.from),
        context.countryName(r.to),
        ...registering.map((c) => cellText(r.byCountry.get(c))),
        sumText(r.sum),
      ]),
    },
    notDrawn,
  };
}

function countCell(row: MetricsRow, name: 'sent' | 'accepted' | 'declined'): Cell {
  return { ...row[name], threshold: row.threshold };
}

function medianText(row: MetricsRow): string {
  if (row.medianSuppressed) return `suppressed (< ${row.threshold} answers)`;
  return row.medianDaysToResponse === null ? '–' : row.medianDaysToResponse.toFixed(1);
}

/** Referrals sent, accepted and declined per country pair (grouped bars) and median days to an answer. */
export function referralsView(context: ViewContext): ViewModel {
  const rows = context.answered.flatMap((c) => c.referralMetrics ?? []);
  const pair = (r: MetricsRow) => `${r.fromCountry} → ${r.toCountry}`;
  const notDrawn: string[] = [];
  const series = (['sent', 'accepted', 'declined'] as const).map((name) => ({
    name,
    type: 'bar',
    data: rows.map((row) => {
      const cell = countCell(row, name);
      if (cell.suppressed) notDrawn.push(`${pair(row)} ${name}: ${cellText(cell)}`);
      return chartValue(cell);
    }),
  }));
  return {
    chart: {
      color: ['#1f5fa8', '#2e8b57', '#b5323a'],
      tooltip: tooltip(),
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: rows.map(pair) },
      yAxis: { type: 'value', name: 'referrals' },
      series,
    },
    table: {
      header: ['From', 'To', 'Sent', 'Accepted', 'Declined', 'Median days to answer'],
      rows: [
        ...rows.map((row) => [
          context.countryName(row.fromCountry),
          context.countryName(row.toCountry),
          cellText(countCell(row, 'sent')),
          cellText(countCell(row, 'accepted')),
          cellText(countCell(row, 'declined')),
          medianText(row),
        ]),
        ...unavailableRows(context, 6),
      ],
    },
    notDrawn,
  };
}
