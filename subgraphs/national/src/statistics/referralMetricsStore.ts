import type { ConnectedCountry, CountryCode, FlowQuery, ReferralMetrics } from '@nordic/schema';
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { cellKeySql } from './cellKeyPerturbation';
import type { StatisticsSettings } from './statisticsStore';

const ACCEPTED = "('ACCEPTED', 'COMPLETED')";
const ANSWERED = "('ACCEPTED', 'COMPLETED', 'DECLINED')";

type CountName = 'sent' | 'accepted' | 'declined';

interface PairCounts {
  toCountry: CountryCode;
  year: number | null;
  counts: Record<CountName, number>;
  /** Each count's cell key: the sum of its referrals' record keys. */
  keys: Record<CountName, number>;
  median: number | null;
  answers: number;
}

/**
 * Referral metrics from the referrals this country sent (it owns them), by destination country:
 * counts and their cell keys (sums of the referrals' record keys) in one GROUP BY, and the median days
 * to an answer with window functions (portable SQL for SQLite and PostgreSQL). Each count is published
 * through the cell-key perturbation like every statistic; the median is withheld when fewer answers
 * than the threshold back it (none included, so a withheld median does not tell that some exist).
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
    const { perturbation } = this.settings;
    const { threshold } = perturbation;
    const metrics = pairs.map((pair) => {
      const count = (name: CountName) => perturbation.cell(pair.counts[name], pair.keys[name]);
      const medianSuppressed = pair.answers < threshold;
      return {
        fromCountry: this.country,
        toCountry: pair.toCountry,
        yearFrom: pair.year ?? query.yearFrom,
        yearTo: pair.year ?? query.yearTo,
        sent: count('sent'),
        accepted: count('accepted'),
        declined: count('declined'),
        medianDaysToResponse:
          medianSuppressed || pair.median === null ? null : Math.round(pair.median * 10) / 10,
        medianSuppressed,
        threshold,
      };
    });
    // A destination whose counts all publish 0 is left out, like an absent one.
    return metrics.filter((m) => m.sent.value !== 0 || m.accepted.value !== 0 || m.declined.value !== 0);
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
      .addSelect(cellKeySql('r.record_key'), 'sentKey')
      .addSelect(cellKeySql(`CASE WHEN r.status IN ${ACCEPTED} THEN r.record_key ELSE 0 END`), 'acceptedKey')
      .addSelect(cellKeySql("CASE WHEN r.status = 'DECLINED' THEN r.record_key ELSE 0 END"), 'declinedKey')
      .groupBy('r.to_country')
      .orderBy('r.to_country', 'ASC');
    if (query.byYear) qb.addSelect('r.year', 'year').addGroupBy('r.year').addOrderBy('r.year', 'ASC');
    const raw: Record<string, unknown>[] = await qb.getRawMany();
    const pairs = raw.map((r) => ({
      toCountry: r.toCountry as CountryCode,
      year: query.byYear ? Number(r.year) : null,
      counts: { sent: Number(r.sent), accepted: Number(r.accepted), declined: Number(r.declined) },
      keys: { sent: Number(r.sentKey), accepted: Number(r.acceptedKey), declined: Number(r.declinedKey) },
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
