import type { Cell } from './cells';

const CELL = 'value perturbed maxDeviation suppressed suppression threshold';
/** A statistics cell also says whether its year is provisional (the current year). */
const STAT = `${CELL} provisional`;
const COUNT = 'value suppressed suppression';

/**
 * Everything the dashboard shows, in one request: each country answers its own part, so a country
 * that is down costs only its part (an error naming it) and the rest still comes back.
 */
export const DASHBOARD_QUERY = `query Dashboard($yearFrom: Int!, $yearTo: Int!, $mixYear: Int!, $trendMeasure: Measure!, $breakdownBy: StatisticDimension!, $lang: String!) {
  countries {
    code
    name
    populations { year inhabitants source }
    perYear: statistics(year: $yearFrom, yearTo: $yearTo) { year ${STAT} }
    trend: statistics(year: $yearFrom, yearTo: $yearTo, measure: $trendMeasure) { year ${STAT} }
    mix: statistics(year: $mixYear, groupBy: [EXPLOITATION_GROUP]) { exploitationGroup ${STAT} }
    breakdown: statistics(year: $yearFrom, yearTo: $yearTo, groupBy: [$breakdownBy]) {
      year sex ageGroup citizenshipGroup exploitationGroup ${STAT}
    }
    routeFlows(year: $yearFrom, yearTo: $yearTo) { from to ${CELL} }
    referralMetrics(year: $yearFrom, yearTo: $yearTo) {
      fromCountry toCountry threshold medianDaysToResponse medianSuppressed
      sent { ${COUNT} } accepted { ${COUNT} } declined { ${COUNT} }
    }
  }
  groups: codeList(name: "EurostatExploitationGroup", lang: $lang) { values { code label } }
  measures: codeList(name: "Measure", lang: $lang) { values { code label } }
  sexes: codeList(name: "Sex", lang: $lang) { values { code label } }
  ageGroups: codeList(name: "EurostatAgeGroup", lang: $lang) { values { code label } }
  citizenships: codeList(name: "CitizenshipGroup", lang: $lang) { values { code label } }
}`;

/** A year's figures in the Eurostat THB breakdown, per country. */
export const EUROSTAT_QUERY = `query EurostatExport($year: Int!) {
  countries {
    code
    eurostatExport(year: $year) {
      table measure
      rows { year sex ageGroup citizenshipGroup exploitationGroup registeringOrgType provisional ${CELL} }
    }
  }
}`;

export interface YearCell extends Cell {
  year: number;
}

export interface GroupCell extends Cell {
  exploitationGroup: string | null;
}

/** A cell of the year × breakdown view: the year and the one dimension grouped by. */
export interface BreakdownCell extends Cell {
  year: number;
  sex?: string | null;
  ageGroup?: string | null;
  citizenshipGroup?: string | null;
  exploitationGroup?: string | null;
}

/** Inhabitants on 1 January of a year, as the network registry keeps them. */
export interface PopulationFigure {
  year: number;
  inhabitants: number;
  source: string;
}

export interface FlowCell extends Cell {
  from: string;
  to: string;
}

export interface MetricsRow {
  fromCountry: string;
  toCountry: string;
  threshold: number;
  medianDaysToResponse: number | null;
  medianSuppressed: boolean;
  sent: Omit<Cell, 'threshold'>;
  accepted: Omit<Cell, 'threshold'>;
  declined: Omit<Cell, 'threshold'>;
}

export interface CountryAnswer {
  code: string;
  name: string;
  populations?: PopulationFigure[] | null;
  perYear: YearCell[] | null;
  trend: YearCell[] | null;
  mix: GroupCell[] | null;
  breakdown?: BreakdownCell[] | null;
  routeFlows: FlowCell[] | null;
  referralMetrics: MetricsRow[] | null;
}

interface CodeListAnswer {
  values: { code: string; label: string }[];
}

export interface DashboardAnswer {
  countries: CountryAnswer[] | null;
  groups: CodeListAnswer | null;
  measures: CodeListAnswer | null;
  sexes?: CodeListAnswer | null;
  ageGroups?: CodeListAnswer | null;
  citizenships?: CodeListAnswer | null;
}

export interface EurostatRow extends Cell {
  year: number;
  sex: string | null;
  ageGroup: string | null;
  citizenshipGroup: string | null;
  exploitationGroup: string | null;
  registeringOrgType: string | null;
  provisional?: boolean;
}

export interface EurostatAnswer {
  countries: {
    code: string;
    eurostatExport: { table: string; measure: string; rows: EurostatRow[] }[] | null;
  }[];
}

/** The dimensions of the year × breakdown view (each a predefined breakdown of the contract). */
export const BREAKDOWNS = ['EXPLOITATION_GROUP', 'SEX', 'AGE_GROUP', 'CITIZENSHIP_GROUP'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/** Counts as published, or per 100,000 inhabitants. */
export type Unit = 'count' | 'rate';

export interface DashboardFilters {
  yearFrom: number;
  yearTo: number;
  countries: string[];
  trendMeasure: string;
  lang: string;
  /** The year of the exploitation mix. */
  mixYear: number;
  breakdownBy: Breakdown;
  /** The country the breakdown chart draws (the table has every selected country); '' for the first. */
  breakdownCountry: string;
  unit: Unit;
}
