import DataLoader from 'dataloader';
import { Brackets, type DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
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

/**
 * Keeps the referrals addressed to `organisation` (a foreign caseworker's inbox); the query unchanged when
 * `organisation` is undefined (the caller is not limited to an addressee).
 */
function addressedTo<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  organisation: string | null | undefined,
): SelectQueryBuilder<T> {
  if (organisation === undefined) return query;
  // A caseworker without an organisation is refused by the policy; '' matches no referral all the same.
  return query.andWhere('r.to_org_id = :addressee', { addressee: organisation ?? '' });
}

/** Reads the referrals this country sent. One instance per request (batched lookups). */
export class ReferralStore {
  private readonly byId = new DataLoader<string, ReferralRecord | null>(async (ids) => {
    const rows = await this.visible()
      .andWhere('r.id IN (:...ids)', { ids: [...ids] })
      .getMany();
    const byId = new Map(rows.map((r) => [r.id, toReferralRecord(this.country, r)]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  private readonly byCaseId = new DataLoader<string, ReferralRecord[]>(async (caseIds) => {
    const rows = await this.visible()
      .andWhere('r.case_id IN (:...caseIds)', { caseIds: [...caseIds] })
      .orderBy('r.seq', 'ASC')
      .getMany();
    const byCase = new Map<string, ReferralRecord[]>();
    for (const row of rows) {
      const list = byCase.get(row.caseId) ?? [];
      list.push(toReferralRecord(this.country, row));
      byCase.set(row.caseId, list);
    }
    return caseIds.map((id) => byCase.get(id) ?? []);
  });

  /**
   * `scope`: only referrals of the cases the caller's roles cover (see `caseScope`); null for all.
   * `addressee`: only referrals addressed to this organisation of the receiving country (see
   * `referralAddressee`); undefined for all.
   */
  constructor(
    private readonly dataSource: DataSource,
    private readonly country: ConnectedCountry,
    private readonly scope: CaseScope | null = null,
    private readonly addressee?: string | null,
  ) {}

  /** The referrals this caller may see, as a query to narrow further. */
  private visible(): SelectQueryBuilder<ReferralRow> {
    const query = this.dataSource.getRepository(ReferralRow).createQueryBuilder('r');
    return addressedTo(withinCaseScope(query, this.scope, 'r.case_seq'), this.addressee);
  }

  findReferrals(ids: readonly string[]): Promise<(ReferralRecord | null)[]> {
    return Promise.all(ids.map((id) => this.byId.load(id)));
  }

  referralsOfCase(caseId: string): Promise<ReferralRecord[]> {
    return this.byCaseId.load(caseId);
  }

  async listReferrals(query: ReferralQuery): Promise<ReferralRecord[]> {
    const qb = this.visible();
    if (query.toCountry) qb.andWhere('r.toCountry = :toCountry', { toCountry: query.toCountry });
    if (query.status?.length) qb.andWhere(statusCondition(query.status, new Date().toISOString()));
    const rows = await qb.orderBy('r.seq', 'DESC').getMany();
    return rows.map((row) => toReferralRecord(this.country, row));
  }
}
