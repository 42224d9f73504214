/** The roles of the network (DOMAIN §4.2), as they appear in a token's `roles` claim. */
export const ROLES = [
  'NATIONAL_COORDINATOR',
  'ASSISTANCE_CASEWORKER',
  'POLICE_LIAISON',
  'NATIONAL_RAPPORTEUR',
  'ANALYST',
  'DASHBOARD',
  'AUDITOR',
  'NETWORK_ADMIN',
  'LINKAGE_SERVICE',
] as const;
export type RoleName = (typeof ROLES)[number];

/** Who is asking, as the verified token says: pseudonymous subject, home country, organisation, roles. */
export interface Principal {
  /** Pseudonymous user or machine id, resolvable only in the home country. */
  subject: string;
  /** The country whose identity provider issued the token. */
  country: string;
  organisation: string | null;
  roles: RoleName[];
  issuer: string;
}
