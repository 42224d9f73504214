import type { CountryCode, LinkBasis } from '../codes';
import type { Idempotency } from '../national/port';
import type { CaseLink } from './types';

export interface CaseLinkQuery {
  /** Only links whose other side is in one of these countries, when given. */
  otherCountries?: CountryCode[];
  /** Only links created in or after this month. */
  since?: string;
  /** Proposals not yet confirmed by the other country instead of confirmed links. */
  pending?: boolean;
}

/**
 * What a national implementation provides to serve the `crossborder` subgraph: its side of every
 * edge that crosses a border. Foreign ends are returned as ids only.
 */
export interface CrossBorderPort {
  /** Confirmed links of a case of this country, oriented so that caseA is this case. */
  linksOfCase(caseId: string): Promise<CaseLink[]>;
  /** Links by id (owned by this country), same order, null for unknown ids. */
  findLinks(ids: readonly string[]): Promise<(CaseLink | null)[]>;
  /** Confirmed links this country owns (proposed). */
  listLinks(query: CaseLinkQuery): Promise<CaseLink[]>;
  /** Proposes a link from a case of this country to another country's case (confirmed by this side only). */
  proposeLink(
    caseId: string,
    otherCaseId: string,
    basis: LinkBasis,
    idempotency: Idempotency,
  ): Promise<CaseLink>;
  /**
   * The other country confirms a link this country proposed: first its mirror is stored in that country
   * (through the gateway, as the caller), then the link is confirmed here. If that step fails nothing changes here.
   */
  confirmLink(id: string, idempotency: Idempotency): Promise<CaseLink>;
  /** The confirming side: stores (once) this country's mirror of a link another country proposed to one of its cases. */
  mirrorLink(id: string): Promise<CaseLink>;
  /** For a case of this country opened from a foreign referral: that referral's id. */
  originReferralOf(caseId: string): Promise<string | null>;
  /** For a referral this country sent and the receiver accepted: the receiver's case id. */
  destinationCaseOf(referralId: string): Promise<string | null>;
}
