import { type TableCell, cellText } from './cells';
import type { Breakdown, BreakdownCell, CountryAnswer, PopulationFigure } from './dashboardQuery';
import { t } from './i18n';
import { Labels } from './labels';
import {
  PALETTE,
  type ViewContext,
  type ViewModel,
  axisName,
  cellOptions,
  provisionalBand,
  rateAware,
  tooltip,
  unavailableRows,
  years,
} from './views';
import { countryYearCell, drawnValue, isProvisionalYear, yearTitle } from './yearCells';

/** The field of a statistics row that holds each breakdown's category, and its categories in order. */
const DIMENSIONS: Record<Breakdown, { field: keyof BreakdownCell; order: string[] }> = {
  EXPLOITATION_GROUP: {
    field: 'exploitationGroup',
    order: ['SEXUAL', 'FORCED_LABOUR_OR_SERVICES', 'OTHER', 'UNKNOWN'],
  },
  SEX: { field: 'sex', order: ['FEMALE', 'MALE', 'UNKNOWN'] },
  AGE_GROUP: { field: 'ageGroup', order: ['CHILD', 'ADULT', 'UNKNOWN'] },
  CITIZENSHIP_GROUP: {
    field: 'citizenshipGroup',
    order: ['REPORTING_COUNTRY', 'OTHER_NORDIC', 'OTHER_EU', 'NON_EU', 'UNKNOWN'],
  },
};

/** The categories the answers hold, in the dimension's order (unknown ones last, as sent). */
function categoriesOf(by: Breakdown, answered: readonly CountryAnswer[]): string[] {
  const { field, order } = DIMENSIONS[by];
  const present = new Set(
    answered.flatMap((c) => (c.breakdown ?? []).map((r) => String(r[field] ?? 'UNKNOWN'))),
  );
  return [...order.filter((c) => present.has(c)), ...[...present].filter((c) => !order.includes(c))];
}

/**
 * Registered victims per year by one breakdown (form of exploitation, sex, age group or citizenship),
 * each figure as its country published it (perturbed, or hidden): the table has a row per country and
 * category, the chart stacks the categories of one country per year. Nothing is computed from hidden
 * cells: a hidden figure stays hidden, a rate is the published figure over the population.
 */
export function breakdownView(context: ViewContext, dimensionName: string): ViewModel {
  const by = context.filters.breakdownBy;
  const { field } = DIMENSIONS[by];
  const labels = context.breakdownLabels?.[by] ?? new Labels([]);
  const yearList = years(context.filters);
  const categories = categoriesOf(by, context.answered);
  const seen = context.answered.flatMap((c) => c.breakdown ?? []);
  const provisional = (year: number) => isProvisionalYear(year, seen);
  const used = new Map<string, PopulationFigure>();
  const notDrawn: string[] = [];
  const category = (cell: BreakdownCell) => String(cell[field] ?? 'UNKNOWN');
  const rows = context.answered.flatMap((country) => {
    const options = cellOptions(context, country, used);
    const cells = country.breakdown ?? [];
    const recordedYears = new Set(cells.map((c) => c.year));
    return categories.map((code) => ({
      country,
      code,
      cells: yearList.map((year): TableCell => {
        const cell = cells.find((c) => c.year === year && category(c) === code);
        if (cell?.suppressed) notDrawn.push(`${country.code} ${labels.of(code)} ${year}: ${cellText(cell)}`);
        // A year the country has records in (this breakdown or its yearly total shows some) counts
        // its missing categories as 0; a year before its first records is "no data".
        const total = country.perYear?.find((c) => c.year === year);
        const yearRecorded = recordedYears.has(year) || total?.suppressed === true || (total?.value ?? 0) > 0;
        return countryYearCell(cell, year, { ...options, yearRecorded });
      }),
    }));
  });
  const chartCountry =
    context.answered.find((c) => c.code === context.filters.breakdownCountry) ?? context.answered[0];
  const format = rateAware(context);
  const series = rows
    .filter((row) => row.country === chartCountry)
    .map((row, index) => ({
      name: labels.of(row.code),
      type: 'bar',
      stack: 'breakdown',
      data: row.cells.map(drawnValue),
      ...(index === 0 ? provisionalBand(yearList, provisional) : {}),
    }));
  const title = t('breakdown.title', { dimension: dimensionName });
  const chartTitle = chartCountry ? ` (${context.countryName(chartCountry.code)})` : '';
  return {
    chart: {
      color: PALETTE,
      tooltip: { ...tooltip(), valueFormatter: format },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: yearList.map(String) },
      yAxis: {
        type: 'value',
        name: axisName(context, t('axis.victims')) + chartTitle,
        axisLabel: { formatter: format },
      },
      series,
    },
    table: {
      labelHeader: [t('table.country'), dimensionName],
      columnDimension: t('table.year'),
      columns: yearList.map((year) => ({
        title: yearTitle(year, provisional(year)),
        csvTitle: String(year),
      })),
      rows: [
        ...rows.map((row) => ({
          labels: [context.countryName(row.country.code), labels.of(row.code)],
          cells: row.cells,
        })),
        ...unavailableRows(context, 2),
      ],
    },
    title: context.filters.unit === 'rate' ? `${title} ${t('axis.rate')}` : title,
    notDrawn,
    cells: seen,
    ...(context.filters.unit === 'rate' ? { populations: used } : {}),
  };
}
