import type {
  ConnectedCountry,
  Measure,
  StatisticDimension,
  StatisticRow,
  StatisticsQuery,
  StatSource,
} from '@nordic/schema';
import type { DataSource } from 'typeorm';
import { type DimensionValue, suppressComplementary } from './suppressComplementaryCells';
import { suppressSmallCell } from './suppressSmallCells';

type Breakdown = Exclude<StatisticDimension, 'COUNTRY' | 'YEAR'>;

/** Where each breakdown lives on the cases row, and which StatisticRow field it fills. */
const BREAKDOWN_COLUMNS: Record<Breakdown, { column: string; field: keyof StatisticRow }> = {
  SEX: { column: 'sex', field: 'sex' },
  AGE_GROUP: { column: 'age_group', field: 'ageGroup' },
  CITIZENSHIP_GROUP: { column: 'citizenship_group', field: 'citizenshipGroup' },
  EXPLOITATION_GROUP: { column: 'exploitation_group', field: 'exploitationGroup' },
  EXPLOITATION_FORM: { column: 'exploitation_form', field: 'exploitationForm' },
  INDUSTRY: { column: 'industry', field: 'industry' },
  REGISTERING_ORG_TYPE: { column: 'registering_org_type', field: 'registeringOrgType' },
};

/** Which cases each victim measure counts (Eurostat: registered = presumed + identified + declined). */
export const VICTIM_MEASURES: Partial<Record<Measure, string>> = {
  REGISTERED_VICTIMS: "c.identification_status IN ('PRESUMED', 'IDENTIFIED', 'DECLINED_IDENTIFICATION')",
  PRESUMED_VICTIMS: "c.identification_status = 'PRESUMED'",
  IDENTIFIED_VICTIMS: "c.identification_status = 'IDENTIFIED'",
  NRM_REFERRALS: '1 = 1',
  NEW_ASSISTANCE_CLIENTS: 'c.assisted = :assisted',
};

/** Measures the national case records do not carry (court outcomes live in court statistics). */
const NOT_REPORTED: readonly Measure[] = ['PROSECUTED', 'CONVICTED'];

export interface StatisticsSettings {
  /** Counts from 1 to threshold-1 are suppressed. */
  threshold: number;
  /** Where this country's case-based figures come from. */
  source: StatSource;
}

/**
 * Aggregates this country's cases in SQL (one GROUP BY), then suppresses small cells (primary), then
 * hides complementary cells so that no small cell is one subtraction away from a line total (secondary).
 */
export class StatisticsStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly country: ConnectedCountry,
    private readonly settings: StatisticsSettings,
  ) {}

  async statistics(query: StatisticsQuery): Promise<StatisticRow[]> {
    const currentYear = new Date().getUTCFullYear();
    const base = (year: number): StatisticRow => ({
      measure: query.measure,
      year,
      country: this.country,
      sex: null,
      ageGroup: null,
      citizenshipGroup: null,
      exploitationGroup: null,
      exploitationForm: null,
      industry: null,
      registeringOrgType: null,
      value: null,
      suppressed: false,
      suppression: null,
      threshold: this.settings.threshold,
      source: query.measure === 'SUSPECTS' ? 'POLICE' : this.settings.source,
      provisional: year >= currentYear,
    });

    if (NOT_REPORTED.includes(query.measure)) {
      const years: number[] = [];
      for (let y = query.yearFrom; y <= query.yearTo; y++) years.push(y);
      return years.map((y) => ({ ...base(y), suppressed: true, suppression: 'NOT_REPORTED' }));
    }

    const breakdowns = query.groupBy.filter((d): d is Breakdown => d !== 'YEAR' && d !== 'COUNTRY');
    const byYear = query.groupBy.includes('YEAR');
    const yearColumn = query.measure === 'CROSS_BORDER_REFERRALS' ? 'r.year' : 'c.opened_year';
    const groupColumns = [
      ...(byYear ? [yearColumn] : []),
      ...breakdowns.map((d) => `c.${BREAKDOWN_COLUMNS[d].column}`),
    ];
    const aliases = [...(byYear ? ['year'] : []), ...breakdowns.map((d) => BREAKDOWN_COLUMNS[d].field)];

    const qb = this.dataSource.createQueryBuilder();
    const aggregate = query.measure === 'SUSPECTS' ? 'SUM(c.perpetrator_count)' : 'COUNT(*)';
    qb.select(`${aggregate}`, 'n');
    groupColumns.forEach((column, i) => qb.addSelect(column, aliases[i]));
    if (query.measure === 'CROSS_BORDER_REFERRALS') {
      qb.from('referrals', 'r')
        .innerJoin('cases', 'c', 'c.seq = r.case_seq')
        .where('r.year BETWEEN :yearFrom AND :yearTo', query)
        .andWhere("r.status <> 'DRAFT'");
    } else {
      qb.from('cases', 'c').where('c.opened_year BETWEEN :yearFrom AND :yearTo', query);
      if (query.measure === 'SUSPECTS') {
        qb.andWhere('c.criminal_investigation_opened = :opened AND c.perpetrator_count IS NOT NULL', {
          opened: true,
        });
      } else {
        const condition = VICTIM_MEASURES[query.measure];
        if (!condition) throw new Error(`no SQL for measure ${query.measure}`);
        qb.andWhere(condition, { assisted: true });
      }
    }
    for (const column of groupColumns) qb.addGroupBy(column).addOrderBy(column, 'ASC');

    const raw: Record<string, unknown>[] = await qb.getRawMany();
    const rows = raw.map((r) => {
      const row = base(byYear ? Number(r.year) : query.yearFrom);
      for (const d of breakdowns) {
        const field = BREAKDOWN_COLUMNS[d].field;
        const value = r[field] as string | null;
        (row as unknown as Record<string, unknown>)[field] = value === '' ? null : value;
      }
      return { ...row, ...suppressSmallCell(Number(r.n ?? 0), this.settings.threshold) };
    });
    // Without breakdowns an empty year still answers 0, so a dashboard can tell "none" from "not asked".
    if (breakdowns.length === 0) {
      const seen = new Set(rows.map((r) => r.year));
      for (let y = query.yearFrom; y <= query.yearTo; y++) {
        if (!seen.has(y)) rows.push({ ...base(y), value: 0 });
      }
      rows.sort((a, b) => a.year - b.year);
    }
    // The cell's coordinates: the year when grouped by year, then the breakdowns in the order asked.
    const keyOf = (row: StatisticRow): DimensionValue[] => [
      ...(byYear ? [row.year] : []),
      ...breakdowns.map((d) => row[BREAKDOWN_COLUMNS[d].field] as DimensionValue),
    ];
    return suppressComplementary(rows, keyOf);
  }
}
