import type { ContactRole, CountryCode, OrganisationType } from '../codes';
import type { CodeList, ContactPoint, NetworkCountry, Organisation, PopulationFigure } from './types';

/** Records as stored: references to organisations by id, resolved through the port. */
export type CountryRecord = Omit<
  NetworkCountry,
  'nationalCoordinator' | 'nationalRapporteur' | 'assistanceSystem'
> & {
  nationalCoordinatorId: string | null;
  nationalRapporteurId: string | null;
  assistanceSystemId: string | null;
};
export type OrganisationRecord = Omit<Organisation, 'parent'> & { parentId: string | null };
export type ContactPointRecord = Omit<ContactPoint, 'organisation'> & { organisationId: string };

/** The languages every label of the network exists in. */
export const NETWORK_LANGUAGES = ['en', 'fi', 'sv', 'nb', 'da', 'is'] as const;
export type NetworkLanguage = (typeof NETWORK_LANGUAGES)[number];

export interface NetworkPort {
  countries(): Promise<CountryRecord[]>;
  countriesByCode(codes: readonly string[]): Promise<(CountryRecord | null)[]>;
  organisations(filter: { country?: CountryCode; type?: OrganisationType }): Promise<OrganisationRecord[]>;
  organisationsById(ids: readonly string[]): Promise<(OrganisationRecord | null)[]>;
  contactPoints(filter: { country?: CountryCode; role?: ContactRole }): Promise<ContactPointRecord[]>;
  contactPointsById(ids: readonly string[]): Promise<(ContactPointRecord | null)[]>;
  /** A code list with labels in `lang`, or null when no list has that name. */
  codeList(name: string, lang: NetworkLanguage): Promise<CodeList | null>;
  codeListNames(): Promise<string[]>;
  /** The population figures the registry keeps for a country, oldest year first (none: empty). */
  populations(code: string): Promise<PopulationFigure[]>;
}

export interface NetworkContext {
  readonly network: NetworkPort;
}
