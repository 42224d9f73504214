import type { RoleName } from './principal';

/**
 * What the local network's identity providers know about roles and organisations: shared by
 * `npm run token` and the development OpenID Connect providers' login page, so both refuse the same
 * requests with the same advice.
 */

/** What each role reads (DOMAIN §4.2; docs/security.md, "Who may see what"). */
export const ROLE_SUMMARIES: Record<RoleName, string> = {
  NATIONAL_COORDINATOR: "all of the country's cases; what other countries share with it; cross-border work",
  ASSISTANCE_CASEWORKER: 'the cases of their own organisation (--org); referrals addressed to it',
  POLICE_LIAISON: 'the cases flagged for criminal investigation',
  NATIONAL_RAPPORTEUR: 'statistics; person-level records where national law allows (FI)',
  ANALYST: 'statistics only',
  DASHBOARD: "statistics only (a dashboard's machine identity)",
  AUDITOR: "the country's audit log; statistics",
  NETWORK_ADMIN: 'statistics; the network registry',
  LINKAGE_SERVICE: "no records (the person-matching machine's identity)",
};

/** Roles whose reads are limited to the organisation in the token's `org` claim: without one they see nothing. */
export const ROLES_NEEDING_ORG: readonly RoleName[] = ['ASSISTANCE_CASEWORKER'];

/**
 * The organisations the local network's synthetic cases belong to, by country
 * (subgraphs/national/src/seed/assistanceOrganisations.ts; test/security/tokenCli.test.ts keeps the two in step).
 */
export const LOCAL_ORGANISATIONS: Readonly<Record<string, readonly string[]>> = {
  FI: ['FI:Organisation:nas'],
  SE: ['SE:Organisation:regional-coordinators', 'SE:Organisation:nsp'],
  NO: ['NO:Organisation:kom', 'NO:Organisation:rosa'],
  DK: ['DK:Organisation:cmm'],
  IS: ['IS:Organisation:bjarkarhlid'],
};

/** The local network's organisations of `country`, or the form of one for a member added later. */
export function exampleOrganisations(country: string): readonly string[] {
  return LOCAL_ORGANISATIONS[country] ?? [`${country}:Organisation:<name>`];
}

/** Whether `org` is an organisation id of `country` (CC:Organisation:<name>). */
export function isOrganisationOf(country: string, org: string): boolean {
  return new RegExp(`^${country}:Organisation:[^:\\s]+$`).test(org);
}
