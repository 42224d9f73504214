import type { ConnectedCountry } from '../codes';
import type { CrossBorderPort } from '../crossborder/port';
import type { NationalPort } from './port';

/** The verified caller, as the service's own token verification established it. */
export interface CallerIdentity {
  /** Pseudonymous subject id. */
  subject: string;
  /** Home country (the issuer's). */
  country: string;
  organisation: string | null;
  roles: readonly string[];
}

/** The per-request context a national service gives the contract's resolvers. */
export interface NationalContext {
  /** Who is asking; null only for data-free operations (`__typename`, `_service`). */
  readonly caller: CallerIdentity | null;
  /** The country this service answers for; it refuses everything else. */
  readonly country: ConnectedCountry;
  readonly national: NationalPort;
  readonly crossborder: CrossBorderPort;
}
