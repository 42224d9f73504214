import type { CountryCode } from '../codes';
import type { CaseLink } from './types';

export interface CaseLinkQuery {
  /** Only links whose other side is in one of these countries, when given. */
  otherCountries?: CountryCode[];
  /** Only links created in or after this month. */
  since?: string;
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
  /** For a case of this country opened from a foreign referral: that referral's id. */
  originReferralOf(caseId: string): Promise<string | null>;
  /** For a referral this country sent and the receiver accepted: the receiver's case id. */
  destinationCaseOf(referralId: string): Promise<string | null>;
}
