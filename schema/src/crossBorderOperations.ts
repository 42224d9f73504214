/**
 * The operations a national service sends back through the gateway to take a cross-border step (as the
 * caller: their token and purpose are forwarded). They are part of the system, not of any client: a
 * gateway in trusted-documents mode runs them besides its manifest's operations, so dashboards can be
 * held to registered operations without stopping referrals, links and person matching.
 */

/** The receiving country opens its case from an accepted referral (asked by the sender). */
export const OPEN_CASE_FROM_REFERRAL = `mutation OpenCaseFromReferral($country: CountryCode!, $referralId: ID!) {
  openCaseFromReferral(country: $country, referralId: $referralId) { id }
}`;

/** The receiving country reads the referral back from the sender before it opens a case. */
export const REFERRAL_TO_OPEN = `query ReferralToOpen($id: ID!) {
  referral(id: $id) {
    id toCountry status toOrganisation { id }
    sharedPayload { sex ageBand citizenship languages exploitationForms needs minor safetyRiskLevel }
  }
}`;

/** The proposer of a link has the other country store its side, once confirmed. */
export const MIRROR_CASE_LINK = `mutation MirrorCaseLink($country: CountryCode!, $linkId: ID!) {
  mirrorCaseLink(country: $country, linkId: $linkId)
}`;

/** The confirming country reads the proposal from the proposer. */
export const PROPOSED_LINK = `query ProposedLink($id: ID!) {
  caseLink(id: $id) { id basis createdMonth confirmedBy caseA { id } caseB { id } }
}`;

/** The asking country's person match, scattered to the others, signed by the asking service. */
export const MATCH_TOKEN_LOOKUP = `query MatchTokenLookup($tokens: [MatchTokenInput!]!, $countries: [CountryCode!], $signedRequest: String) {
  matchTokenLookup(tokens: $tokens, countries: $countries, signedRequest: $signedRequest) { country hasRecord contactPoint { id } }
}`;

/** Whether the network directory lists an organisation (assignments and addressees). */
export const DIRECTORY_ORGANISATION = `query DirectoryOrganisation($id: ID!) {
  organisation(id: $id) { id country }
}`;

export const CROSS_BORDER_OPERATIONS: readonly string[] = [
  OPEN_CASE_FROM_REFERRAL,
  REFERRAL_TO_OPEN,
  MIRROR_CASE_LINK,
  PROPOSED_LINK,
  MATCH_TOKEN_LOOKUP,
  DIRECTORY_ORGANISATION,
];
