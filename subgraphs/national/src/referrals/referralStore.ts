import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import type { ConnectedCountry, ReferralQuery, ReferralRecord } from '@nordic/schema';
import { ReferralRow } from './referral.entity';
import { toReferralRecord } from './referral.mapper';

/** Reads the referrals this country sent. One instance per request (batched lookups). */
export class ReferralStore {
  private readonly byId = new DataLoader<string, ReferralRecord | null>(async (ids) => {
    const rows = await this.dataSource.getRepository(ReferralRow).find({ where: { id: In([...ids]) } });
    const byId = new Map(rows.map((r) => [r.id, toReferralRecord(this.country, r)]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  private readonly byCaseId = new DataLoader<string, ReferralRecord[]>(async (caseIds) => {
    const rows = await this.dataSource
      .getRepository(ReferralRow)
      .find({ where: { caseId: In([...caseIds]) }, order: { seq: 'ASC' } });
    const byCase = new Map<string, ReferralRecord[]>();
    for (const row of rows) {
      const list = byCase.get(row.caseId) ?? [];
      list.push(toReferralRecord(this.country, row));
      byCase.set(row.caseId, list);
    }
    return caseIds.map((id) => byCase.get(id) ?? []);
  });

  constructor(
    private readonly dataSource: DataSource,
    private readonly country: ConnectedCountry,
  ) {}

  findReferrals(ids: readonly string[]): Promise<(ReferralRecord | null)[]> {
    return Promise.all(ids.map((id) => this.byId.load(id)));
  }

  referralsOfCase(caseId: string): Promise<ReferralRecord[]> {
    return this.byCaseId.load(caseId);
  }

  async listReferrals(query: ReferralQuery): Promise<ReferralRecord[]> {
    const qb = this.dataSource.getRepository(ReferralRow).createQueryBuilder('r');
    if (query.toCountry) qb.andWhere('r.toCountry = :toCountry', { toCountry: query.toCountry });
    if (query.status?.length) qb.andWhere('r.status IN (:...status)', { status: query.status });
    const rows = await qb.orderBy('r.seq', 'DESC').getMany();
    return rows.map((row) => toReferralRecord(this.country, row));
  }
}
