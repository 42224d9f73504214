import type { NetworkContext, NetworkPort } from '@nordic/schema';
import type { DataSource } from 'typeorm';
import { CodeListStore } from './codeLists/codeListStore';
import { ContactPointStore } from './contactPoints/contactPointStore';
import { CountryStore } from './countries/countryStore';
import { OrganisationStore } from './organisations/organisationStore';
import type { PopulationTable } from './population/populationFigures';

/**
 * The contract's `NetworkPort` over the registry's store. Build one per request: its DataLoaders
 * batch and cache for that request only.
 */
export function createNetworkPort(
  dataSource: DataSource,
  populations: PopulationTable = new Map(),
): NetworkPort {
  const countries = new CountryStore(dataSource);
  const organisations = new OrganisationStore(dataSource);
  const contactPoints = new ContactPointStore(dataSource);
  const codeLists = new CodeListStore(dataSource);
  return {
    countries: () => countries.countries(),
    countriesByCode: (codes) => countries.countriesByCode(codes),
    organisations: (filter) => organisations.organisations(filter),
    organisationsById: (ids) => organisations.organisationsById(ids),
    contactPoints: (filter) => contactPoints.contactPoints(filter),
    contactPointsById: (ids) => contactPoints.contactPointsById(ids),
    codeList: (name, lang) => codeLists.codeList(name, lang),
    codeListNames: () => codeLists.codeListNames(),
    populations: (code) => Promise.resolve([...(populations.get(code) ?? [])]),
  };
}

/** The per-request context the contract's network resolvers run against. */
export function createNetworkContext(
  dataSource: DataSource,
  populations: PopulationTable = new Map(),
): NetworkContext {
  return { network: createNetworkPort(dataSource, populations) };
}
