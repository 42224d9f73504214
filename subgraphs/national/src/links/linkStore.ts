import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import type { CaseLink, CaseLinkQuery, ConnectedCountry, CrossBorderPort } from '@nordic/schema';
import { splitCodes } from '../codeListColumns';
import { CaseRow } from '../cases/case.entity';
import { withinCaseScope } from '../cases/caseScopeSql';
import type { CaseScope } from '../policy/accessPolicy';
import { ReferralRow } from '../referrals/referral.entity';
import { CaseLinkRow } from './caseLink.entity';

export function toCaseLink(row: CaseLinkRow): CaseLink {
  return {
    id: row.id,
    caseA: { id: row.caseId },
    caseB: { id: row.foreignCaseId },
    basis: row.basis as CaseLink['basis'],
    confirmedBy: splitCodes(row.confirmedBy),
    createdMonth: row.createdMonth,
  };
}

/** A link both countries have confirmed (a proposal is confirmed by its proposer only). */
export function isConfirmed(
  row: Pick<CaseLinkRow, 'confirmedBy' | 'foreignCountry'>,
  country: string,
): boolean {
  const by = splitCodes(row.confirmedBy);
  return by.includes(country) && by.includes(row.foreignCountry);
}

/** This country's side of every edge that crosses a border; foreign ends are ids only. One instance per request. */
export class LinkStore implements Omit<CrossBorderPort, 'proposeLink' | 'confirmLink' | 'mirrorLink'> {
  private readonly linksByCase = new DataLoader<string, CaseLink[]>(async (caseIds) => {
    const rows = await this.dataSource
      .getRepository(CaseLinkRow)
      .find({ where: { caseId: In([...caseIds]) }, order: { seq: 'ASC' } });
    const byCase = new Map<string, CaseLink[]>();
    for (const row of rows.filter((r) => isConfirmed(r, this.country))) {
      byCase.set(row.caseId, [...(byCase.get(row.caseId) ?? []), toCaseLink(row)]);
    }
    return caseIds.map((id) => byCase.get(id) ?? []);
  });

  private readonly linksById = new DataLoader<string, CaseLink | null>(async (ids) => {
    const query = this.dataSource
      .getRepository(CaseLinkRow)
      .createQueryBuilder('l')
      .where('l.id IN (:...ids)', { ids: [...ids] })
      .andWhere('l.owned = :owned', { owned: true });
    const rows = await withinCaseScope(query, this.scope, 'l.case_seq').getMany();
    const byId = new Map(rows.map((r) => [r.id, toCaseLink(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  private readonly originByCase = new DataLoader<string, string | null>(async (caseIds) => {
    const rows = await this.dataSource
      .getRepository(CaseRow)
      .find({ select: { id: true, originReferralId: true }, where: { id: In([...caseIds]) } });
    const byId = new Map(rows.map((r) => [r.id, r.originReferralId]));
    return caseIds.map((id) => byId.get(id) ?? null);
  });

  private readonly destinationByReferral = new DataLoader<string, string | null>(async (ids) => {
    const rows = await this.dataSource
      .getRepository(ReferralRow)
      .find({ select: { id: true, destinationCaseId: true }, where: { id: In([...ids]) } });
    const byId = new Map(rows.map((r) => [r.id, r.destinationCaseId]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  /** `scope`: only links of the cases the caller's roles cover (see `caseScope`); null for all. */
  constructor(
    private readonly dataSource: DataSource,
    private readonly country: ConnectedCountry,
    private readonly scope: CaseScope | null = null,
  ) {}

  linksOfCase(caseId: string): Promise<CaseLink[]> {
    return this.linksByCase.load(caseId);
  }

  findLinks(ids: readonly string[]): Promise<(CaseLink | null)[]> {
    return Promise.all(ids.map((id) => this.linksById.load(id)));
  }

  async listLinks(query: CaseLinkQuery): Promise<CaseLink[]> {
    const qb = this.dataSource
      .getRepository(CaseLinkRow)
      .createQueryBuilder('l')
      .where('l.owned = :owned', { owned: true });
    if (query.otherCountries?.length) {
      qb.andWhere('l.foreignCountry IN (:...others)', { others: query.otherCountries });
    }
    if (query.since) qb.andWhere('l.createdMonth >= :since', { since: query.since });
    // A proposal lists its proposer only; a confirmed link lists both countries.
    qb.andWhere(query.pending ? 'l.confirmedBy NOT LIKE :pair' : 'l.confirmedBy LIKE :pair', { pair: '%,%' });
    const rows = await withinCaseScope(qb, this.scope, 'l.case_seq')
      .orderBy('l.createdMonth', 'DESC')
      .addOrderBy('l.seq', 'DESC')
      .getMany();
    return rows.map(toCaseLink);
  }

  originReferralOf(caseId: string): Promise<string | null> {
    return this.originByCase.load(caseId);
  }

  destinationCaseOf(referralId: string): Promise<string | null> {
    return this.destinationByReferral.load(referralId);
  }
}
