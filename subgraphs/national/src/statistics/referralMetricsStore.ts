import type {
  ConnectedCountry,
  CountryCode,
  FlowQuery,
  ReferralMetrics,
  SuppressedCount,
} from '@nordic/schema';
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { StatisticsSettings } from './statisticsStore';
import { suppressComplementary } from './suppressComplementaryCells';
import { type Cell, suppressSmallCell } from './suppressSmallCells';

const ACCEPTED = "('ACCEPTED', 'COMPLETED')";
const ANSWERED = "('ACCEPTED', 'COMPLETED', 'DECLINED')";

type CountName = 'sent' | 'accepted' | 'declined';
const COUNTS: readonly CountName[] = ['sent', 'accepted', 'declined'];

interface PairCounts {
  toCountry: CountryCode;
  year: number | null;
  counts: Record<CountName, number>;
  median: number | null;
  answers: number;
}

/**
 * Referral metrics from the referrals this country sent (it owns them), by destination country:
 * counts in one GROUP BY and the median days to an answer with window functions (portable SQL for
 * SQLite and PostgreSQL). Each count is suppressed like a statistics cell (primary, then complementary
 * along destinations and years, per count); the median is withheld when fewer answers than the
 * threshold back it.
 */
export class ReferralMetricsStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly country: ConnectedCountry,
    private readonly settings: StatisticsSettings,
  ) {}

  async referralMetrics(query: FlowQuery): Promise<ReferralMetrics[]> {
    const pairs = await this.pairCounts(query);
    const medians = await this.medians(query);
    const keyOf = (p: { toCountry: string; year: number | null }) => `${p.year ?? ''}:${p.toCountry}`;
    const medianOf = new Map(medians.map((m) => [keyOf(m), m]));
    for (const pair of pairs) {
      const found = medianOf.get(keyOf(pair));
      pair.median = found?.median ?? null;
      pair.answers = found?.answers ?? 0;
    }
    const { threshold } = this.settings;
    // Each count is its own table (destination × year), protected against its own line totals.
    const suppressed = Object.fromEntries(
      COUNTS.map((name) => {
        const cells = pairs.map((p) => ({ pair: p, ...suppressSmallCell(p.counts[name], threshold) }));
        return [name, suppressComplementary(cells, (c) => [c.pair.year, c.pair.toCountry])];
      }),
    ) as Record<CountName, (Cell & { pair: PairCounts })[]>;
    const count = (name: CountName, i: number): SuppressedCount => {
      const { value, suppressed: hidden, suppression } = suppressed[name][i] as Cell;
      return { value, suppressed: hidden, suppression };
    };
    return pairs.map((pair, i) => {
      const medianSuppressed = pair.answers > 0 && pair.answers < threshold;
      return {
        fromCountry: this.country,
        toCountry: pair.toCountry,
        yearFrom: pair.year ?? query.yearFrom,
        yearTo: pair.year ?? query.yearTo,
        sent: count('sent', i),
        accepted: count('accepted', i),
        declined: count('declined', i),
        medianDaysToResponse:
          medianSuppressed || pair.median === null ? null : Math.round(pair.median * 10) / 10,
        medianSuppressed,
        threshold,
      };
    });
  }

  private base(query: FlowQuery): SelectQueryBuilder<ObjectLiteral> {
    return this.dataSource
      .createQueryBuilder()
      .from('referrals', 'r')
      .where('r.year BETWEEN :yearFrom AND :yearTo', query)
      .andWhere("r.status <> 'DRAFT'");
  }

  private async pairCounts(query: FlowQuery): Promise<PairCounts[]> {
    const qb = this.base(query)
      .select('r.to_country', 'toCountry')
      .addSelect('COUNT(*)', 'sent')
      .addSelect(`SUM(CASE WHEN r.status IN ${ACCEPTED} THEN 1 ELSE 0 END)`, 'accepted')
      .addSelect("SUM(CASE WHEN r.status = 'DECLINED' THEN 1 ELSE 0 END)", 'declined')
      .groupBy('r.to_country')
      .orderBy('r.to_country', 'ASC');
    if (query.byYear) qb.addSelect('r.year', 'year').addGroupBy('r.year').addOrderBy('r.year', 'ASC');
    const raw: Record<string, unknown>[] = await qb.getRawMany();
    const pairs = raw.map((r) => ({
      toCountry: r.toCountry as CountryCode,
      year: query.byYear ? Number(r.year) : null,
      counts: { sent: Number(r.sent), accepted: Number(r.accepted), declined: Number(r.declined) },
      median: null,
      answers: 0,
    }));
    return pairs.sort((a, b) => (a.year ?? 0) - (b.year ?? 0) || a.toCountry.localeCompare(b.toCountry));
  }

  /** Days between two ISO 8601 timestamps stored as text, in this store's dialect. */
  private daysToResponse(): string {
    return this.dataSource.options.type === 'postgres'
      ? 'EXTRACT(EPOCH FROM (CAST(r.responded_at AS timestamptz) - CAST(r.sent_at AS timestamptz))) / 86400.0'
      : '(julianday(r.responded_at) - julianday(r.sent_at))';
  }

  private async medians(
    query: FlowQuery,
  ): Promise<{ toCountry: string; year: number | null; median: number; answers: number }[]> {
    const partition = query.byYear ? 'r.to_country, r.year' : 'r.to_country';
    const days = this.daysToResponse();
    const ranked = this.base(query)
      .select('r.to_country', 'toCountry')
      .addSelect(query.byYear ? 'r.year' : 'NULL', 'year')
      .addSelect(days, 'days')
      .addSelect(`ROW_NUMBER() OVER (PARTITION BY ${partition} ORDER BY ${days})`, 'rn')
      .addSelect(`COUNT(*) OVER (PARTITION BY ${partition})`, 'answers')
      .andWhere(`r.status IN ${ANSWERED}`)
      .andWhere('r.sent_at IS NOT NULL AND r.responded_at IS NOT NULL');
    // The middle row (odd count) or the mean of the two middle rows (even count).
    const raw: Record<string, unknown>[] = await this.dataSource
      .createQueryBuilder()
      .select('t."toCountry"', 'toCountry')
      .addSelect('t."year"', 'year')
      .addSelect('AVG(t."days")', 'median')
      .addSelect('MAX(t."answers")', 'answers')
      .from(`(${ranked.getQuery()})`, 't')
      .setParameters(ranked.getParameters())
      .where('t."rn" IN ((t."answers" + 1) / 2, (t."answers" + 2) / 2)')
      .groupBy('t."toCountry"')
      .addGroupBy('t."year"')
      .getRawMany();
    return raw.map((r) => ({
      toCountry: String(r.toCountry),
      year: r.year === null || r.year === undefined ? null : Number(r.year),
      median: Number(r.median),
      answers: Number(r.answers),
    }));
  }
}
