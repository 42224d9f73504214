import {
  type AccessDecision,
  type AccessPolicy,
  type CallerIdentity,
  type ConnectedCountry,
  type Purpose,
  Role,
} from '@nordic/schema';

/**
 * The national service's access policy — the one place that says who may read what in this country
 * (DOMAIN §4.2). It is applied by the owning country to every request, whoever forwarded it.
 *
 * | role                   | person-level records (cases, referrals, links)                  | perpetrator summary | statistics |
 * |------------------------|------------------------------------------------------------------|---------------------|------------|
 * | NATIONAL_COORDINATOR   | own country; other countries' too (see note)                     | no                  | yes        |
 * | ASSISTANCE_CASEWORKER  | own country                                                      | no                  | yes        |
 * | POLICE_LIAISON         | own country                                                      | own country         | yes        |
 * | NATIONAL_RAPPORTEUR    | own country                                                      | no                  | yes        |
 * | ANALYST, DASHBOARD     | no                                                               | no                  | yes        |
 * | AUDITOR                | no (reads the audit log instead)                                 | no                  | yes        |
 * | NETWORK_ADMIN          | no                                                               | no                  | yes        |
 * | LINKAGE_SERVICE        | no                                                               | no                  | no         |
 *
 * Every person-level read also needs a declared purpose (`x-purpose`) that the role may use
 * (PURPOSES_BY_ROLE). Note: a foreign coordinator is not yet limited to cases joined to their country
 * by an accepted referral or a confirmed link, nor to the shared payload — the next step of the policy.
 */
export const PURPOSES_BY_ROLE: Readonly<Record<string, readonly Purpose[]>> = {
  NATIONAL_COORDINATOR: ['VICTIM_ASSISTANCE_CONTINUITY', 'CROSS_BORDER_REFERRAL', 'DUPLICATE_CHECK'],
  ASSISTANCE_CASEWORKER: ['VICTIM_ASSISTANCE_CONTINUITY', 'CROSS_BORDER_REFERRAL'],
  POLICE_LIAISON: ['CRIMINAL_INVESTIGATION_SUPPORT'],
  NATIONAL_RAPPORTEUR: ['INDEPENDENT_MONITORING'],
};

/** Roles that may read person-level records of another country (through the gateway). */
const CROSS_BORDER_UNIT_ROLES: readonly string[] = ['NATIONAL_COORDINATOR'];

/** Aggregates are anonymous once suppressed: every human role may read them; the linkage machine may not. */
const STATISTICS_ROLES: readonly string[] = Object.values(Role).filter((r) => r !== 'LINKAGE_SERVICE');

const ALLOW: AccessDecision = { allowed: true };
const deny = (code: string, message: string): AccessDecision => ({ allowed: false, code, message });

export function accessPolicyFor(
  servingCountry: ConnectedCountry,
  caller: CallerIdentity | null,
  purpose: Purpose | null,
): AccessPolicy {
  const roles = caller?.roles ?? [];
  const own = caller?.country === servingCountry;
  return {
    unitRead(entityType) {
      if (!caller) return deny('UNAUTHENTICATED', 'Person-level data needs a bearer token.');
      const eligible = roles.filter(
        (r) => PURPOSES_BY_ROLE[r] && (own || CROSS_BORDER_UNIT_ROLES.includes(r)),
      );
      if (eligible.length === 0) {
        return deny(
          'FORBIDDEN',
          `${entityType}: your roles (${roles.join(', ')}) may not read person-level records of ${servingCountry}${own ? '' : ' from ' + caller.country}; analysts and dashboards see statistics only.`,
        );
      }
      const allowed = [...new Set(eligible.flatMap((r) => PURPOSES_BY_ROLE[r] ?? []))];
      if (!purpose) {
        return deny(
          'PURPOSE_REQUIRED',
          `${entityType}: declare why you need person-level data with the x-purpose header (one of ${allowed.join(', ')}).`,
        );
      }
      if (!allowed.includes(purpose)) {
        return deny(
          'PURPOSE_NOT_ALLOWED',
          `${entityType}: the purpose ${purpose} is not allowed for your roles; use one of ${allowed.join(', ')}.`,
        );
      }
      return ALLOW;
    },
    perpetratorSummary() {
      return own && roles.includes('POLICE_LIAISON')
        ? ALLOW
        : deny(
            'FORBIDDEN',
            `Case.perpetratorSummary: police information, readable only by police liaisons of ${servingCountry}.`,
          );
    },
    statistics() {
      return roles.some((r) => STATISTICS_ROLES.includes(r))
        ? ALLOW
        : deny(
            'FORBIDDEN',
            `Country.statistics: your roles (${roles.join(', ')}) do not include a statistics reader.`,
          );
    },
  };
}
