import DataLoader from 'dataloader';
import { Brackets, In, type DataSource } from 'typeorm';
import type { ConnectedCountry, ReferralQuery, ReferralRecord, ReferralStatus } from '@nordic/schema';
import { withinCaseScope } from '../cases/caseScopeSql';
import type { CaseScope } from '../policy/accessPolicy';
import { ReferralRow } from './referral.entity';
import { toReferralRecord } from './referral.mapper';

const OPEN = ['SENT', 'RECEIVED'];

/**
 * A filter on the status a referral has now: open states only until `expiresAt`, EXPIRED for open ones
 * past it (EXPIRED is never stored; ISO 8601 UTC strings compare in time order).
 */
function statusCondition(wanted: readonly ReferralStatus[], now: string): Brackets {
  const closed = wanted.filter((s) => s !== 'EXPIRED' && !OPEN.includes(s));
  const open = wanted.filter((s) => OPEN.includes(s));
  return new Brackets((where) => {
    where.where('1 = 0');
    if (closed.length) where.orWhere('r.status IN (:...closed)', { closed });
    if (open.length) where.orWhere('(r.status IN (:...open) AND r.expiresAt > :now)', { open, now });
    if (wanted.includes('EXPIRED')) {
      where.orWhere('(r.status IN (:...openStates) AND r.expiresAt <= :now)', { openStates: OPEN, now });
    }
  });
}

/** Reads the referrals this country sent. One instance per request (batched lookups). */
export class ReferralStore {
  private readonly byId = new DataLoader<string, ReferralRecord | null>(async (ids) => {
    const query = this.dataSource
      .getRepository(ReferralRow)
      .createQueryBuilder('r')
      .where('r.id IN (:...ids)', { ids: [...ids] });
    const rows = await withinCaseScope(query, this.scope, 'r.case_seq').getMany();
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

  /** `scope`: only referrals of the cases the caller's roles cover (see `caseScope`); null for all. */
  constructor(
    private readonly dataSource: DataSource,
    private readonly country: ConnectedCountry,
    private readonly scope: CaseScope | null = null,
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
    if (query.status?.length) qb.andWhere(statusCondition(query.status, new Date().toISOString()));
    const rows = await withinCaseScope(qb, this.scope, 'r.case_seq').orderBy('r.seq', 'DESC').getMany();
    return rows.map((row) => toReferralRecord(this.country, row));
  }
}
