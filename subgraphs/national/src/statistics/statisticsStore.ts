import type {
  ConnectedCountry,
  Measure,
  StatisticDimension,
  StatisticRow,
  StatisticsQuery,
  StatSource,
} from '@nordic/schema';
import type { DataSource } from 'typeorm';
import { type Perturbation, cellKeySql } from './cellKeyPerturbation';

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
  /** The cell-key perturbation every published count goes through (threshold and maximum deviation). */
  perturbation: Perturbation;
  /** Where this country's case-based figures come from. */
  source: StatSource;
}

/**
 * Aggregates this country's cases in SQL (one GROUP BY giving each cell's count and cell key), then
 * publishes each count through the cell-key perturbation (docs/disclosure-control.md): the same cell
 * gives the same value in every query, so differencing answers yields only noise.
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
      perturbed: false,
      maxDeviation: 0,
      suppressed: false,
      suppression: null,
      threshold: this.settings.perturbation.threshold,
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
    // The cell key: the sum of the counted records' keys (referrals for cross-border referrals).
    const recordKey = query.measure === 'CROSS_BORDER_REFERRALS' ? 'r.record_key' : 'c.record_key';
    qb.select(`${aggregate}`, 'n').addSelect(cellKeySql(recordKey), 'cellKey');
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
      return { ...row, ...this.settings.perturbation.cell(Number(r.n ?? 0), Number(r.cellKey ?? 0)) };
    });
    // Without breakdowns an empty year still answers 0, so a dashboard can tell "none" from "not asked".
    if (breakdowns.length === 0) {
      const seen = new Set(rows.map((r) => r.year));
      for (let y = query.yearFrom; y <= query.yearTo; y++) {
        if (!seen.has(y)) rows.push({ ...base(y), ...this.settings.perturbation.cell(0, 0) });
      }
      rows.sort((a, b) => a.year - b.year);
      return rows;
    }
    // A breakdown lists only combinations with records; one published as 0 is left out too, so that a
    // listed 0 would not tell a small count from an absent one.
    return rows.filter((row) => row.value !== 0);
  }
}
