import {
  type AccessDecision,
  type AccessPolicy,
  type CallerIdentity,
  type ConnectedCountry,
  type CrossBorderAction,
  FieldScope,
  type Purpose,
  Role,
} from '@nordic/schema';

/**
 * The national service's access policy — the one place that says who may read what in this country
 * (DOMAIN §4.2). It is applied by the owning country to every request, whoever forwarded it.
 *
 * | role                   | this country's person-level records (cases, referrals, links) | from another country                                                                 | perpetrator summary | statistics |
 * |------------------------|----------------------------------------------------------------|---------------------------------------------------------------------------------------|---------------------|------------|
 * | NATIONAL_COORDINATOR   | all, browsing included                                         | a case shared with their country (accepted referral, confirmed link), summary fields; referrals addressed to their country; links to their country's cases | no | yes |
 * | ASSISTANCE_CASEWORKER  | cases of their own organisation (the token's `org`), browsing included; referrals | referrals addressed to their country (the shared payload)                   | no                  | yes        |
 * | POLICE_LIAISON         | cases flagged for criminal investigation, browsing included    | nothing (police details travel by SIENA / Interpol / police liaison)                  | own country         | yes        |
 * | NATIONAL_RAPPORTEUR    | all, browsing included                                         | nothing                                                                               | no                  | yes        |
 * | ANALYST, DASHBOARD     | no                                                             | no                                                                                    | no                  | yes        |
 * | AUDITOR                | no (reads the audit log instead)                               | no                                                                                    | no                  | yes        |
 * | NETWORK_ADMIN          | no                                                             | no                                                                                    | no                  | yes        |
 * | LINKAGE_SERVICE        | no                                                             | no                                                                                    | no                  | no         |
 *
 * Every person-level read also needs a declared purpose (`x-purpose`) that the role may use
 * (PURPOSES_BY_ROLE). Fields the contract marks `DOMESTIC` (identification, indicators, assistance,
 * referrals, links, the sensitive parts of the victim profile and of each exploitation) are never
 * served across a border; `OWN_POLICE` fields only to this country's police liaisons.
 */
export const PURPOSES_BY_ROLE: Readonly<Record<string, readonly Purpose[]>> = {
  NATIONAL_COORDINATOR: ['VICTIM_ASSISTANCE_CONTINUITY', 'CROSS_BORDER_REFERRAL', 'DUPLICATE_CHECK'],
  ASSISTANCE_CASEWORKER: ['VICTIM_ASSISTANCE_CONTINUITY', 'CROSS_BORDER_REFERRAL'],
  POLICE_LIAISON: ['CRIMINAL_INVESTIGATION_SUPPORT'],
  NATIONAL_RAPPORTEUR: ['INDEPENDENT_MONITORING'],
};

/**
 * Who may match a person across borders (DOMAIN §4.2, §4.4) and with which purpose: coordinators for a
 * duplicate check, police liaisons for an investigation (existence only; details go by police channels).
 */
export const MATCH_PURPOSES_BY_ROLE: Readonly<Record<string, Purpose>> = {
  NATIONAL_COORDINATOR: 'DUPLICATE_CHECK',
  POLICE_LIAISON: 'CRIMINAL_INVESTIGATION_SUPPORT',
};

/**
 * The purposes a match review may be read or recorded with: a coordinator follows up a duplicate check
 * or the continuity of a child's assistance; an auditor audits.
 */
export const MATCH_REVIEW_PURPOSES_BY_ROLE: Readonly<Record<string, readonly Purpose[]>> = {
  NATIONAL_COORDINATOR: ['DUPLICATE_CHECK', 'VICTIM_ASSISTANCE_CONTINUITY'],
  AUDITOR: ['AUDIT'],
};

/** What each role may read of another country's records (entity types), when shared with its country. */
const CROSS_BORDER_READS: Readonly<Record<string, readonly string[]>> = {
  NATIONAL_COORDINATOR: ['Case', 'Referral', 'CaseLink'],
  ASSISTANCE_CASEWORKER: ['Referral'],
};

/**
 * Cross-border work (DOMAIN §3 use cases 7–11): who may take each step, from which country (the one
 * serving the request, the other country of the referral or link, or either), with which purpose.
 */
const STEPS: Readonly<
  Record<
    CrossBorderAction,
    { roles: readonly string[]; from: 'OWN' | 'COUNTERPART' | 'EITHER'; purposes: readonly Purpose[] }
  >
> = {
  CREATE_REFERRAL: {
    roles: ['NATIONAL_COORDINATOR', 'ASSISTANCE_CASEWORKER'],
    from: 'OWN',
    purposes: ['CROSS_BORDER_REFERRAL'],
  },
  WITHDRAW_REFERRAL: {
    roles: ['NATIONAL_COORDINATOR', 'ASSISTANCE_CASEWORKER'],
    from: 'OWN',
    purposes: ['CROSS_BORDER_REFERRAL'],
  },
  RESPOND_REFERRAL: {
    roles: ['NATIONAL_COORDINATOR', 'ASSISTANCE_CASEWORKER'],
    from: 'COUNTERPART',
    purposes: ['CROSS_BORDER_REFERRAL'],
  },
  OPEN_CASE_FROM_REFERRAL: {
    roles: ['NATIONAL_COORDINATOR', 'ASSISTANCE_CASEWORKER'],
    from: 'OWN',
    purposes: ['CROSS_BORDER_REFERRAL'],
  },
  COMPLETE_REFERRAL: {
    roles: ['NATIONAL_COORDINATOR', 'ASSISTANCE_CASEWORKER'],
    from: 'EITHER',
    purposes: ['CROSS_BORDER_REFERRAL', 'VICTIM_ASSISTANCE_CONTINUITY'],
  },
  PROPOSE_LINK: {
    roles: ['NATIONAL_COORDINATOR'],
    from: 'OWN',
    purposes: PURPOSES_BY_ROLE.NATIONAL_COORDINATOR ?? [],
  },
  CONFIRM_LINK: {
    roles: ['NATIONAL_COORDINATOR'],
    from: 'COUNTERPART',
    purposes: PURPOSES_BY_ROLE.NATIONAL_COORDINATOR ?? [],
  },
  MIRROR_LINK: {
    roles: ['NATIONAL_COORDINATOR'],
    from: 'OWN',
    purposes: PURPOSES_BY_ROLE.NATIONAL_COORDINATOR ?? [],
  },
};

/** What national law decides about access in this country, beyond the roles (the service's configuration). */
export interface NationalAccessSettings {
  /** Whether the national rapporteur may read person-level records (RAPPORTEUR_CASE_ACCESS). */
  rapporteurCaseAccess: boolean;
}

/** Roles that read person-level records in this country under these settings. */
function personLevelRoles(settings: NationalAccessSettings): (role: string) => boolean {
  return (role) => role !== 'NATIONAL_RAPPORTEUR' || settings.rapporteurCaseAccess;
}

/** Roles that see every case of their own country (the rapporteur only where the law opens them). */
function seesWholeCountry(settings: NationalAccessSettings): (role: string) => boolean {
  return (role) =>
    role === 'NATIONAL_COORDINATOR' || (role === 'NATIONAL_RAPPORTEUR' && settings.rapporteurCaseAccess);
}

/**
 * Which of this country's cases a caller's case reads cover (DOMAIN §4.2): a store returns the cases
 * matching any part. `null` means all of them (coordinators, rapporteurs — and foreign callers, whose
 * reads the sharing rules limit). Otherwise, per role the caller holds: an assistance caseworker the
 * cases of their organisation (their token's `org`; none without one), a police liaison the cases
 * flagged for criminal investigation.
 */
export interface CaseScope {
  /** The organisation whose cases are covered; null when the caller is a caseworker whose token names none. */
  organisation?: string | null;
  /** Cases with a criminal investigation opened. */
  investigated?: true;
}

export function caseScope(
  servingCountry: ConnectedCountry,
  caller: CallerIdentity | null,
  settings: NationalAccessSettings,
): CaseScope | null {
  if (!caller || caller.country !== servingCountry) return null;
  if (caller.roles.some(seesWholeCountry(settings))) return null;
  const scope: CaseScope = {};
  if (caller.roles.includes('ASSISTANCE_CASEWORKER')) scope.organisation = caller.organisation;
  if (caller.roles.includes('POLICE_LIAISON')) scope.investigated = true;
  return Object.keys(scope).length > 0 ? scope : null;
}

/**
 * Which of this country's referrals to the caller's country a foreign caller sees (DOMAIN §4.2): an
 * assistance caseworker abroad only those addressed to their organisation (the token's `org`; none
 * without one); undefined — no such limit — for everyone else (own-country callers, whose reads the case
 * scope limits, and foreign coordinators, who see their country's whole inbox).
 */
export function referralAddressee(
  servingCountry: ConnectedCountry,
  caller: CallerIdentity | null,
): string | null | undefined {
  if (!caller || caller.country === servingCountry) return undefined;
  if (caller.roles.includes('NATIONAL_COORDINATOR') || !caller.roles.includes('ASSISTANCE_CASEWORKER'))
    return undefined;
  return caller.organisation;
}

/** Aggregates are anonymous once suppressed: every human role may read them; the linkage machine may not. */
const STATISTICS_ROLES: readonly string[] = Object.values(Role).filter((r) => r !== 'LINKAGE_SERVICE');

const ALLOW: AccessDecision = { allowed: true };
const deny = (code: string, message: string): AccessDecision => ({ allowed: false, code, message });

/** The contract's access policy, plus which cases, and which referrals from abroad, the caller's reads cover. */
export type NationalAccessPolicy = AccessPolicy & {
  readonly caseScope: CaseScope | null;
  readonly referralAddressee: string | null | undefined;
};

export function accessPolicyFor(
  servingCountry: ConnectedCountry,
  caller: CallerIdentity | null,
  purpose: Purpose | null,
  settings: NationalAccessSettings = { rapporteurCaseAccess: false },
): NationalAccessPolicy {
  const roles = caller?.roles ?? [];
  const own = caller?.country === servingCountry;
  const foreignCountry = caller && !own ? caller.country : null;
  const scope = caseScope(servingCountry, caller, settings);
  const addressee = referralAddressee(servingCountry, caller);
  /** The refusal of a record not shared with the caller's country (the same whether it exists or not). */
  const notShared = (entityType: string, id: string): AccessDecision =>
    deny(
      'FORBIDDEN',
      `${entityType} ${id} is not shared with ${foreignCountry}: another country's ${entityType === 'Case' ? 'case is readable only through an accepted referral or a confirmed case link' : entityType === 'Referral' ? 'referral is readable only by the country it was sent to (an assistance caseworker there: if it is addressed to their organisation)' : 'link is readable only by the country of its other case'}.`,
    );
  return {
    foreignCountry,
    caseScope: scope,
    referralAddressee: addressee,
    unitRead(entityType) {
      if (!caller) return deny('UNAUTHENTICATED', 'Person-level data needs a bearer token.');
      const eligible = roles.filter(
        (r) =>
          PURPOSES_BY_ROLE[r] &&
          (own ? personLevelRoles(settings)(r) : CROSS_BORDER_READS[r]?.includes(entityType)),
      );
      if (eligible.length === 0 && own && roles.includes('NATIONAL_RAPPORTEUR')) {
        return deny(
          'FORBIDDEN',
          `${entityType}: ${servingCountry}'s law gives its national rapporteur no access to person-level records (RAPPORTEUR_CASE_ACCESS=false); statistics and referral metrics are open to you.`,
        );
      }
      if (eligible.length === 0) {
        return deny(
          'FORBIDDEN',
          `${entityType}: your roles (${roles.join(', ')}) may not read person-level records of ${servingCountry}${own ? '' : ' from ' + caller.country}; analysts and dashboards see statistics only.`,
        );
      }
      const allowed = [...new Set(eligible.flatMap((r) => PURPOSES_BY_ROLE[r] ?? []))];
      if (entityType === 'Case' && scope && scope.organisation === null && !scope.investigated) {
        return deny(
          'FORBIDDEN',
          `Case: an assistance caseworker sees the cases of their own organisation, and your token names none (claim "org"); ask your identity provider to include it.`,
        );
      }
      if (entityType === 'Referral' && addressee === null) {
        return deny(
          'FORBIDDEN',
          `Referral: an assistance caseworker abroad sees the referrals addressed to their own organisation, and your token names none (claim "org"); ask your identity provider to include it.`,
        );
      }
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
      // The role that grants the read: the first eligible role whose purposes include the declared one.
      return { allowed: true, grantedBy: eligible.find((r) => PURPOSES_BY_ROLE[r]?.includes(purpose)) };
    },
    recordInReach(entityType, id, found, sharedWith) {
      // A foreign caller: shared with their country (a caseworker abroad: addressed to their
      // organisation, which the referral store already applies), the same answer for a missing record.
      if (foreignCountry) {
        if (found && sharedWith.includes(foreignCountry)) return ALLOW;
        return notShared(entityType, id);
      }
      // Own callers: the stores return only records within the caller's case scope, so `found` is false
      // for a missing record and for one outside the scope alike. Whole-country readers get null for a
      // missing record; scoped readers the same refusal whether or not it exists.
      if (found || !scope) return ALLOW;
      const covered = [
        scope.organisation !== undefined
          ? `of your organisation (${scope.organisation ?? 'none named'})`
          : null,
        scope.investigated ? 'flagged for criminal investigation' : null,
      ].filter(Boolean);
      return deny(
        'FORBIDDEN',
        `${entityType} ${id} is not one your roles cover: you read the ${entityType === 'Case' ? 'cases' : `${entityType === 'Referral' ? 'referrals' : 'links'} of the cases`} ${covered.join(' or ')}; a coordinator of ${servingCountry} can assign the case to your organisation.`,
      );
    },
    auditLog() {
      if (!caller) return deny('UNAUTHENTICATED', 'Query.auditEvents needs a bearer token.');
      if (!own || !roles.includes('AUDITOR')) {
        return deny(
          'FORBIDDEN',
          `Query.auditEvents: only auditors of ${servingCountry} (role AUDITOR, home country ${servingCountry}) may read its audit log.`,
        );
      }
      return { allowed: true, grantedBy: 'AUDITOR' };
    },
    browse(field) {
      return foreignCountry
        ? deny(
            'FORBIDDEN',
            `${field}: browsing ${servingCountry}'s records is for ${servingCountry}'s own users; from ${foreignCountry} ask for a case by id once an accepted referral or a confirmed link shares it with ${foreignCountry}.`,
          )
        : ALLOW;
    },
    field(field, scopes) {
      for (const scope of scopes) {
        if (scope === FieldScope.DOMESTIC && foreignCountry) {
          return deny(
            'FORBIDDEN',
            `${field}: not shared across borders; ${servingCountry} shows callers from ${foreignCountry} only the cross-border summary of a shared record.`,
          );
        }
        if (scope === FieldScope.OWN_POLICE && !(own && roles.includes('POLICE_LIAISON'))) {
          return deny(
            'FORBIDDEN',
            `${field}: police information, readable only by police liaisons of ${servingCountry}.`,
          );
        }
      }
      return ALLOW;
    },
    crossBorderAction(action, counterpart) {
      const step = STEPS[action];
      if (!caller) return deny('UNAUTHENTICATED', `${action}: needs a bearer token.`);
      const country = caller.country;
      const fromAllowed =
        step.from === 'OWN'
          ? own
          : step.from === 'COUNTERPART'
            ? country === counterpart
            : own || country === counterpart;
      if (!fromAllowed || !roles.some((r) => step.roles.includes(r))) {
        const where =
          step.from === 'OWN'
            ? servingCountry
            : step.from === 'COUNTERPART'
              ? counterpart
              : `${servingCountry} or ${counterpart}`;
        return deny(
          'FORBIDDEN',
          `${action}: only a ${step.roles.join(' or ')} of ${where} may do this; you are ${roles.join(', ')} of ${country}.`,
        );
      }
      if (!purpose) {
        return deny(
          'PURPOSE_REQUIRED',
          `${action}: declare the purpose with the x-purpose header (${step.purposes.join(' or ')}).`,
        );
      }
      if (!step.purposes.includes(purpose)) {
        return deny(
          'PURPOSE_NOT_ALLOWED',
          `${action}: the purpose ${purpose} is not allowed; use ${step.purposes.join(' or ')}.`,
        );
      }
      return { allowed: true, grantedBy: roles.find((r) => step.roles.includes(r)) };
    },
    statistics() {
      return roles.some((r) => STATISTICS_ROLES.includes(r))
        ? ALLOW
        : deny(
            'FORBIDDEN',
            `Country.statistics: your roles (${roles.join(', ')}) do not include a statistics reader.`,
          );
    },
    caseAssignment() {
      if (!caller) return deny('UNAUTHENTICATED', 'Mutation.assignCase needs a bearer token.');
      if (!own || !roles.includes('NATIONAL_COORDINATOR')) {
        return deny(
          'FORBIDDEN',
          `Mutation.assignCase: only a NATIONAL_COORDINATOR of ${servingCountry} assigns its cases; you are ${roles.join(', ')} of ${caller.country}.`,
        );
      }
      if (purpose !== 'VICTIM_ASSISTANCE_CONTINUITY') {
        return deny(
          purpose ? 'PURPOSE_NOT_ALLOWED' : 'PURPOSE_REQUIRED',
          'Mutation.assignCase: declare the purpose VICTIM_ASSISTANCE_CONTINUITY with the x-purpose header.',
        );
      }
      return { allowed: true, grantedBy: 'NATIONAL_COORDINATOR' };
    },
    caseWrite(operation, organisation) {
      if (!caller) return deny('UNAUTHENTICATED', `${operation} needs a bearer token.`);
      if (!own) {
        return deny(
          'FORBIDDEN',
          `${operation}: ${servingCountry}'s cases are written by ${servingCountry}'s own users only; you are ${roles.join(', ')} of ${caller.country} — register and update cases in ${caller.country}.`,
        );
      }
      const coordinator = roles.includes('NATIONAL_COORDINATOR');
      const caseworker = roles.includes('ASSISTANCE_CASEWORKER');
      if (!coordinator && !caseworker) {
        return deny(
          'FORBIDDEN',
          `${operation}: cases are written by national coordinators and assistance caseworkers; your roles are ${roles.join(', ')}.`,
        );
      }
      if (!coordinator && !caller.organisation) {
        return deny(
          'FORBIDDEN',
          `${operation}: an assistance caseworker writes the cases of their own organisation, and your token names none (claim "org"); ask your identity provider to include it.`,
        );
      }
      if (!coordinator && organisation !== caller.organisation) {
        return deny(
          'FORBIDDEN',
          `${operation}: an assistance caseworker writes only the cases of their own organisation (${caller.organisation}); this case is ${organisation ? `${organisation}'s` : 'not one of them'} — a coordinator of ${servingCountry} can assign it.`,
        );
      }
      if (purpose !== 'VICTIM_ASSISTANCE_CONTINUITY') {
        return deny(
          purpose ? 'PURPOSE_NOT_ALLOWED' : 'PURPOSE_REQUIRED',
          `${operation}: declare the purpose VICTIM_ASSISTANCE_CONTINUITY with the x-purpose header.`,
        );
      }
      return { allowed: true, grantedBy: coordinator ? 'NATIONAL_COORDINATOR' : 'ASSISTANCE_CASEWORKER' };
    },
    matchReview(step) {
      const what = step === 'READ' ? 'Query.matchReviews' : 'Mutation.reviewMatch';
      const may = step === 'READ' ? ['NATIONAL_COORDINATOR', 'AUDITOR'] : ['NATIONAL_COORDINATOR'];
      if (!caller) return deny('UNAUTHENTICATED', `${what} needs a bearer token.`);
      if (!own || !roles.some((r) => may.includes(r))) {
        return deny(
          'FORBIDDEN',
          `${what}: ${servingCountry}'s match reviews are for its own ${may.join(' and ')}s; you are ${roles.join(', ')} of ${caller.country}.`,
        );
      }
      // A review names cases of a minor (and the requester's justification): a person-level read.
      const purposes = roles.flatMap((r) =>
        may.includes(r) ? (MATCH_REVIEW_PURPOSES_BY_ROLE[r] ?? []) : [],
      );
      if (!purpose || !purposes.includes(purpose)) {
        return deny(
          purpose ? 'PURPOSE_NOT_ALLOWED' : 'PURPOSE_REQUIRED',
          `${what}: declare why with the x-purpose header (${purposes.join(' or ')}).`,
        );
      }
      return {
        allowed: true,
        grantedBy: roles.find(
          (r) => may.includes(r) && (MATCH_REVIEW_PURPOSES_BY_ROLE[r] ?? []).includes(purpose),
        ),
      };
    },
    personMatch(step) {
      const what = step === 'REQUEST' ? 'Mutation.matchPerson' : 'Query.matchTokenLookup';
      if (!caller) return deny('UNAUTHENTICATED', `${what} needs a bearer token.`);
      const allowed = roles.flatMap((r) => MATCH_PURPOSES_BY_ROLE[r] ?? []);
      if (allowed.length === 0) {
        return deny(
          'FORBIDDEN',
          `${what}: person matching is for national coordinators (purpose DUPLICATE_CHECK) and police liaisons (CRIMINAL_INVESTIGATION_SUPPORT); your roles are ${roles.join(', ')}.`,
        );
      }
      if (step === 'REQUEST' && foreignCountry) {
        return deny(
          'FORBIDDEN',
          `${what}: only ${servingCountry}'s own users may match a ${servingCountry} case; from ${foreignCountry} match a case of ${foreignCountry}.`,
        );
      }
      if (step === 'ANSWER' && !foreignCountry) {
        return deny(
          'FORBIDDEN',
          `${what} answers other countries' match requests; ${servingCountry}'s own users ask with matchPerson on one of their cases.`,
        );
      }
      if (!purpose) {
        return deny(
          'PURPOSE_REQUIRED',
          `${what}: declare why with the x-purpose header (${allowed.join(' or ')}).`,
        );
      }
      if (!allowed.includes(purpose)) {
        return deny(
          'PURPOSE_NOT_ALLOWED',
          `${what}: the purpose ${purpose} does not allow person matching for your roles; use ${allowed.join(' or ')}.`,
        );
      }
      return { allowed: true, grantedBy: roles.find((r) => MATCH_PURPOSES_BY_ROLE[r] === purpose) };
    },
  };
}
