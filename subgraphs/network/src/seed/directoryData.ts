import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ContactRole,
  type ContactPointRecord,
  type CountryRecord,
  NETWORK_LANGUAGES,
  type OrganisationRecord,
  OrganisationType,
  SecureChannel,
  isCountryCode,
  tryParseGlobalId,
} from '@nordic/schema';
import { z } from 'zod';
import type { CodeListLabel } from '../codeLists/codeListLabel.mapper';

/** The checked-in directory and label files (`subgraphs/network/data`), from `dist/seed` or `src/seed`. */
export const NETWORK_DATA_DIR = join(__dirname, '..', '..', 'data');

/** Everything the registry is seeded with, validated and in storage-ready records. */
export interface DirectoryData {
  countries: CountryRecord[];
  organisations: OrganisationRecord[];
  contactPoints: ContactPointRecord[];
  labels: CodeListLabel[];
}

const id = z.string().min(1).max(80);
/** Any country or territory: the directory's Nordic entries and every member that joined later. */
const countryCode = z
  .string()
  .refine(isCountryCode, { error: 'expected an ISO 3166-1 alpha-2 code, e.g. EE' });
const text = (max: number) => z.string().min(1).max(max);

const directoryFile = z.strictObject({
  countries: z.array(
    z.strictObject({
      code: countryCode,
      name: text(80),
      nameLocal: text(80),
      euMember: z.boolean(),
      boundByDirective2011_36: z.boolean(),
      coeConventionParty: z.boolean(),
      connected: z.boolean(),
      nationalCoordinator: id.nullable(),
      nationalRapporteur: id.nullable(),
      assistanceSystem: id.nullable(),
    }),
  ),
  organisations: z.array(
    z.strictObject({
      id,
      country: countryCode,
      name: text(160),
      nameLocal: text(160).nullable(),
      type: z.enum(OrganisationType),
      parent: id.nullable(),
    }),
  ),
  contactPoints: z.array(
    z.strictObject({
      id,
      organisation: id,
      role: z.enum(ContactRole),
      functionalEmail: z.email().max(254).nullable(),
      phone: text(32).nullable(),
      languages: z.array(z.string().regex(/^[a-z]{2}$/, { error: 'expected an ISO 639-1 code' })),
      availability: text(64).nullable(),
      secureChannel: z.enum(SecureChannel),
    }),
  ),
});

/** `{ListName: {VALUE: {en, fi, sv, nb, da, is}}}`; a missing language falls back to English when read. */
const labelsFile = z.record(
  text(64),
  z.record(text(64), z.partialRecord(z.enum(NETWORK_LANGUAGES), text(255))),
);

function parseFile<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${what} is not valid:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** Ids must be unique, references must resolve, and every global id must name its own country. */
function referenceProblems(data: DirectoryData): string[] {
  const problems: string[] = [];
  const duplicates = (ids: string[]) => ids.filter((value, index) => ids.indexOf(value) !== index);
  for (const code of duplicates(data.countries.map((c) => c.code)))
    problems.push(`country ${code} is listed twice`);
  for (const dup of duplicates(data.organisations.map((o) => o.id)))
    problems.push(`organisation ${dup} is listed twice`);
  for (const dup of duplicates(data.contactPoints.map((c) => c.id)))
    problems.push(`contact point ${dup} is listed twice`);

  const countries = new Set<string>(data.countries.map((c) => c.code));
  const organisations = new Map(data.organisations.map((o) => [o.id, o]));
  // A parent may sit in another country (the FO and GL police answer to DK's), a country's own bodies may not.
  const organisationOf = (ref: string | null, country: string | null, where: string) => {
    if (ref === null) return;
    const found = organisations.get(ref);
    if (!found) problems.push(`${where} names unknown organisation ${ref}`);
    else if (country && found.country !== country)
      problems.push(`${where} names ${ref}, an organisation of ${found.country}`);
  };
  for (const c of data.countries) {
    organisationOf(c.nationalCoordinatorId, c.code, `country ${c.code} nationalCoordinator`);
    organisationOf(c.nationalRapporteurId, c.code, `country ${c.code} nationalRapporteur`);
    organisationOf(c.assistanceSystemId, c.code, `country ${c.code} assistanceSystem`);
  }
  for (const o of data.organisations) {
    const parsed = tryParseGlobalId(o.id);
    if (parsed?.type !== 'Organisation' || parsed.country !== o.country) {
      problems.push(`organisation id ${o.id} is not of the form ${o.country}:Organisation:<local>`);
    }
    if (!countries.has(o.country))
      problems.push(`organisation ${o.id} belongs to ${o.country}, not in the directory`);
    if (o.parentId === o.id) problems.push(`organisation ${o.id} is its own parent`);
    else organisationOf(o.parentId, null, `organisation ${o.id} parent`);
  }
  for (const cp of data.contactPoints) {
    const owner = organisations.get(cp.organisationId);
    if (!owner) {
      problems.push(`contact point ${cp.id} names unknown organisation ${cp.organisationId}`);
      continue;
    }
    const parsed = tryParseGlobalId(cp.id);
    if (parsed?.type !== 'ContactPoint' || parsed.country !== owner.country) {
      problems.push(`contact point id ${cp.id} is not of the form ${owner.country}:ContactPoint:<local>`);
    }
  }
  return problems;
}

/**
 * Validates the contents of `directory.json` and `code-list-labels.json` and turns them into records.
 * Throws an error listing every problem, so a bad file never reaches the database.
 */
export function parseDirectoryData(directoryJson: unknown, labelsJson: unknown): DirectoryData {
  const directory = parseFile(directoryFile, directoryJson, 'directory.json');
  const labels = parseFile(labelsFile, labelsJson, 'code-list-labels.json');
  const data: DirectoryData = {
    countries: directory.countries.map(
      ({ nationalCoordinator, nationalRapporteur, assistanceSystem, ...rest }) => ({
        ...rest,
        nationalCoordinatorId: nationalCoordinator,
        nationalRapporteurId: nationalRapporteur,
        assistanceSystemId: assistanceSystem,
      }),
    ),
    organisations: directory.organisations.map(({ parent, ...rest }) => ({ ...rest, parentId: parent })),
    contactPoints: directory.contactPoints.map(({ organisation, ...rest }) => ({
      ...rest,
      organisationId: organisation,
    })),
    labels: Object.entries(labels).flatMap(([listName, values]) =>
      Object.entries(values).flatMap(([code, texts]) =>
        NETWORK_LANGUAGES.flatMap((lang) => {
          const label = texts[lang];
          return label === undefined ? [] : [{ listName, code, lang, text: label }];
        }),
      ),
    ),
  };
  const problems = referenceProblems(data);
  if (problems.length > 0)
    throw new Error(`directory.json is not consistent:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return data;
}

/** Reads and validates the checked-in data files (or those of another folder with the same file names). */
export function readDirectoryData(dataDir: string = NETWORK_DATA_DIR): DirectoryData {
  const read = (file: string): unknown => JSON.parse(readFileSync(join(dataDir, file), 'utf8'));
  return parseDirectoryData(read('directory.json'), read('code-list-labels.json'));
}

/**
 * The members file (`NETWORK_MEMBERS_FILE`): countries that joined the network after the checked-in
 * directory, with their organisations and contact points, in directory.json's form. Validated together
 * with the checked-in directory (references may point into it; an entry with the id of a checked-in one
 * replaces it); returns only the file's own records, the ones to register.
 */
export function readMembersFile(file: string, dataDir: string = NETWORK_DATA_DIR): DirectoryData {
  type Entry = { id?: unknown; code?: unknown };
  const read = (path: string): Record<string, Entry[]> =>
    JSON.parse(readFileSync(path, 'utf8')) as Record<string, Entry[]>;
  try {
    const members = read(file);
    // The file's own form first, so that a problem is named where it is in the file.
    parseFile(
      directoryFile,
      { countries: [], organisations: [], contactPoints: [], ...members },
      'the members file',
    );
    const base = read(join(dataDir, 'directory.json'));
    const keyOf = (entry: Entry) => String(entry.code ?? entry.id);
    const merged = (list: 'countries' | 'organisations' | 'contactPoints') => {
      const own = Array.isArray(members[list]) ? (members[list] as Entry[]) : [];
      const keys = new Set(own.map(keyOf));
      return [...(base[list] ?? []).filter((entry) => !keys.has(keyOf(entry))), ...own];
    };
    // The whole directory as it will be, checked at once: references resolve, nothing is listed twice.
    const whole = parseDirectoryData(
      {
        countries: merged('countries'),
        organisations: merged('organisations'),
        contactPoints: merged('contactPoints'),
      },
      {},
    );
    const listed = (list: string) => new Set((members[list] ?? []).map(keyOf));
    return {
      countries: whole.countries.filter((c) => listed('countries').has(c.code)),
      organisations: whole.organisations.filter((o) => listed('organisations').has(o.id)),
      contactPoints: whole.contactPoints.filter((c) => listed('contactPoints').has(c.id)),
      labels: [],
    };
  } catch (error) {
    throw new Error(
      `invalid configuration: NETWORK_MEMBERS_FILE: ${file}: ${(error as Error).message}. Fix: list each joining country as in subgraphs/network/data/directory.json ({"countries": [...], "organisations": [...], "contactPoints": [...]}); see docs/operators.md "Adding a member country".`,
    );
  }
}
