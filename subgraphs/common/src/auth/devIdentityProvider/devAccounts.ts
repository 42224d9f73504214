import { ROLES_NEEDING_ORG, exampleOrganisations, isOrganisationOf } from '../devRoles';
import { SUBJECT_MAX_LENGTH } from '../bearerVerifier';
import { ROLES, type RoleName } from '../principal';

/** What a developer chose on a local identity provider's login page: the claims of their tokens. */
export interface DevAccount {
  country: string;
  roles: RoleName[];
  organisation: string | null;
}

/** The choice could not become an account; the message says what to change. */
export class DevAccountError extends Error {}

const SUFFIX = '-dev';

/**
 * The account's id, which is the tokens' subject: readable in an audit log, and enough to rebuild the
 * account from (`fi-national_coordinator-dev`, `se-assistance_caseworker@nsp-dev`), so the provider
 * keeps no account store and a token refreshed after a restart carries the same claims.
 */
export function accountId(account: DevAccount): string {
  const roles = account.roles.map((r) => r.toLowerCase()).join('+');
  const org = account.organisation ? `@${account.organisation.split(':').pop() as string}` : '';
  return `${account.country.toLowerCase()}-${roles}${org}${SUFFIX}`;
}

/** The account an id names (null when the id is not one this provider made for `country`). */
export function accountOf(country: string, id: string): DevAccount | null {
  const prefix = `${country.toLowerCase()}-`;
  if (!id.startsWith(prefix) || !id.endsWith(SUFFIX)) return null;
  const [rolePart, orgName] = id.slice(prefix.length, -SUFFIX.length).split('@') as [string, string?];
  const roles = rolePart.split('+').map((r) => r.toUpperCase());
  if (roles.length === 0 || !roles.every((r) => (ROLES as readonly string[]).includes(r))) return null;
  return {
    country,
    roles: roles as RoleName[],
    organisation: orgName ? `${country}:Organisation:${orgName}` : null,
  };
}

/**
 * The account for what the login form sent, checked as `npm run token` checks its options: at least
 * one known role, an organisation of the provider's country, and one for every role that needs it.
 */
export function chooseAccount(country: string, roles: readonly string[], organisation: string): DevAccount {
  if (roles.length === 0) throw new DevAccountError('Choose at least one role.');
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length > 0) throw new DevAccountError(`${unknown.join(', ')} is not a role of the network.`);
  const org = organisation.trim();
  if (org !== '' && !isOrganisationOf(country, org)) {
    throw new DevAccountError(
      `The organisation must be one of ${country}'s, CC:Organisation:<name> (e.g. ${exampleOrganisations(country)[0]}).`,
    );
  }
  const needing = roles.filter((r) => ROLES_NEEDING_ORG.includes(r as RoleName));
  if (needing.length > 0 && org === '') {
    throw new DevAccountError(
      `${needing.join(', ')} sees only its organisation's cases: choose the organisation (${exampleOrganisations(country).join(', ')}).`,
    );
  }
  const account: DevAccount = {
    country,
    roles: [...new Set(roles)] as RoleName[],
    organisation: org === '' ? null : org,
  };
  if (accountId(account).length > SUBJECT_MAX_LENGTH) {
    throw new DevAccountError('Choose fewer roles: the account id would be too long for the audit log.');
  }
  return account;
}
