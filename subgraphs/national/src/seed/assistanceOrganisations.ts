import { type SeedCountry } from './seedCountries';

/**
 * The organisations that run victim assistance in each country (DOMAIN §4.2: NAS, the regional
 * coordinators, CMM, Bjarkarhlíð, ROSA …), as the network registry's directory names them
 * (`subgraphs/network/data/directory.json`; a test keeps the two in step). Synthetic cases are spread
 * over them, so that an assistance caseworker sees only their own organisation's cases.
 */
export const ASSISTANCE_ORGANISATIONS: Readonly<Record<SeedCountry, readonly string[]>> = {
  FI: ['FI:Organisation:nas'],
  SE: ['SE:Organisation:regional-coordinators', 'SE:Organisation:nsp'],
  NO: ['NO:Organisation:kom', 'NO:Organisation:rosa'],
  DK: ['DK:Organisation:cmm'],
  IS: ['IS:Organisation:bjarkarhlid'],
};

/** The organisation responsible for the `index`-th synthetic case of a year (no random draw: the data stays as it was). */
export function responsibleOrganisation(country: SeedCountry, index: number): string {
  const organisations = ASSISTANCE_ORGANISATIONS[country];
  return organisations[index % organisations.length] as string;
}
