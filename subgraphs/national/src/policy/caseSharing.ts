import DataLoader from 'dataloader';
import { In, IsNull, Not, type DataSource } from 'typeorm';
import { type ConnectedCountry, parseGlobalId } from '@nordic/schema';
import { splitCodes } from '../codeListColumns';
import { CaseRow } from '../cases/case.entity';
import { CaseLinkRow } from '../links/caseLink.entity';
import { ReferralRow } from '../referrals/referral.entity';

/** Referral states in which the receiving country has taken the victim on. */
const SHARING_REFERRAL_STATES = ['ACCEPTED', 'COMPLETED'];

/**
 * Which countries each of this country's cases is shared with — the facts the access policy needs
 * before a caller from another country may read a case: the receiver of an accepted referral, the
 * other side of a link both countries confirmed, and the sender of the referral the case was opened
 * from. Three indexed queries per batch of ids; one instance per request.
 */
export class CaseSharing {
  private readonly loader = new DataLoader<string, string[]>(async (caseIds) => {
    const ids = [...caseIds];
    const [referrals, links, origins] = await Promise.all([
      this.dataSource.getRepository(ReferralRow).find({
        select: { caseId: true, toCountry: true },
        where: { caseId: In(ids), status: In(SHARING_REFERRAL_STATES) },
      }),
      this.dataSource.getRepository(CaseLinkRow).find({
        select: { caseId: true, foreignCountry: true, confirmedBy: true },
        where: { caseId: In(ids) },
      }),
      this.dataSource.getRepository(CaseRow).find({
        select: { id: true, originReferralId: true },
        where: { id: In(ids), originReferralId: Not(IsNull()) },
      }),
    ]);
    const shared = new Map<string, Set<string>>(ids.map((id) => [id, new Set<string>()]));
    for (const r of referrals) shared.get(r.caseId)?.add(r.toCountry);
    for (const l of links) {
      const confirmedBy = splitCodes(l.confirmedBy);
      if (confirmedBy.includes(this.country) && confirmedBy.includes(l.foreignCountry)) {
        shared.get(l.caseId)?.add(l.foreignCountry);
      }
    }
    for (const c of origins) {
      if (c.originReferralId) shared.get(c.id)?.add(parseGlobalId(c.originReferralId).country);
    }
    return ids.map((id) => [...(shared.get(id) ?? [])]);
  });

  constructor(
    private readonly dataSource: DataSource,
    private readonly country: ConnectedCountry,
  ) {}

  sharedWith(caseIds: readonly string[]): Promise<string[][]> {
    return Promise.all(caseIds.map((id) => this.loader.load(id)));
  }
}
