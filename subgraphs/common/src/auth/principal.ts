import { Role } from '@nordic/schema';

/** The roles of the network (DOMAIN §4.2, the contract's `Role` code list), as a token's `roles` claim lists them. */
export const ROLES = Object.values(Role);
export type RoleName = Role;

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
