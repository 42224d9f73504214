import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { codeListLabelToRow } from '../codeLists/codeListLabel.mapper';
import { CodeListLabelRow } from '../codeLists/codeListLabel.entity';
import { contactPointToRow } from '../contactPoints/contactPoint.mapper';
import { ContactPointRow } from '../contactPoints/contactPoint.entity';
import { countryToRow } from '../countries/country.mapper';
import { CountryRow } from '../countries/country.entity';
import { organisationToRow } from '../organisations/organisation.mapper';
import { OrganisationRow } from '../organisations/organisation.entity';
import { type DirectoryData, readDirectoryData } from './directoryData';

export interface SeedResult {
  /** False when the store already held a directory (nothing was written). */
  seeded: boolean;
  countries: number;
  organisations: number;
  contactPoints: number;
  labels: number;
}

// Well below SQLite's and PostgreSQL's bound-parameter limits.
const ROWS_PER_INSERT = 200;

async function insertAll(
  manager: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  rows: ObjectLiteral[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await manager.insert(entity, rows.slice(start, start + ROWS_PER_INSERT));
  }
}

function holdsDirectory(manager: EntityManager): Promise<boolean> {
  return manager.getRepository(CountryRow).exists();
}

function nothingWritten(): SeedResult {
  return { seeded: false, countries: 0, organisations: 0, contactPoints: 0, labels: 0 };
}

/**
 * Fills an empty store with the checked-in directory and code-list labels, in one transaction: a
 * failure leaves the store empty. A store that already holds a directory is left as it is, so calling
 * this on every start is safe. `data` defaults to the checked-in files, read only when needed.
 */
export async function seedDirectory(
  dataSource: DataSource,
  data: DirectoryData | (() => DirectoryData) = readDirectoryData,
): Promise<SeedResult> {
  if (await holdsDirectory(dataSource.manager)) return nothingWritten();
  const directory = typeof data === 'function' ? data() : data;
  try {
    return await dataSource.transaction(async (manager) => {
      if (await holdsDirectory(manager)) return nothingWritten();
      await insertAll(manager, CountryRow, directory.countries.map(countryToRow));
      await insertAll(manager, OrganisationRow, directory.organisations.map(organisationToRow));
      await insertAll(manager, ContactPointRow, directory.contactPoints.map(contactPointToRow));
      await insertAll(manager, CodeListLabelRow, directory.labels.map(codeListLabelToRow));
      return {
        seeded: true,
        countries: directory.countries.length,
        organisations: directory.organisations.length,
        contactPoints: directory.contactPoints.length,
        labels: directory.labels.length,
      };
    });
  } catch (error) {
    // Another process starting on the same store may have seeded it first; that is not a failure.
    if (await holdsDirectory(dataSource.manager)) return nothingWritten();
    throw error;
  }
}

/**
 * Registers the countries of the members file (with their organisations and contact points) in a
 * store that holds the directory: added, or updated when already there, in one transaction. Safe on
 * every start. Returns how many countries it wrote.
 */
export async function registerMembers(dataSource: DataSource, members: DirectoryData): Promise<number> {
  await dataSource.transaction(async (manager) => {
    if (members.countries.length > 0)
      await manager.upsert(CountryRow, members.countries.map(countryToRow), ['code']);
    if (members.organisations.length > 0)
      await manager.upsert(OrganisationRow, members.organisations.map(organisationToRow), ['id']);
    if (members.contactPoints.length > 0)
      await manager.upsert(ContactPointRow, members.contactPoints.map(contactPointToRow), ['id']);
  });
  return members.countries.length;
}
