import type { ConnectedCountry } from '../codes';
import type { CrossBorderPort } from '../crossborder/port';
import type { NationalPort } from './port';

/** The per-request context a national service gives the contract's resolvers. */
export interface NationalContext {
  /** The country this service answers for; it refuses everything else. */
  readonly country: ConnectedCountry;
  readonly national: NationalPort;
  readonly crossborder: CrossBorderPort;
}
