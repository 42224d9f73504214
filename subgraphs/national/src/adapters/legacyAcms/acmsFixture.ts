import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SeedCountry } from '../../seed/seedCountries';
import type { ClientBase } from 'pg';
import { generateCases } from '../../seed/generateCases';
import type { SeedOptions, SyntheticCase } from '../../seed/syntheticCase';
import {
  ACMS_CASE_STATUS,
  ACMS_EVENT_TYPE,
  ACMS_EXPLOITATION_FORM,
  ACMS_IDENTIFICATION,
  ACMS_SEX,
  acmsAgeOf,
} from './codeMaps';

/** The legacy schema's SQL script, read from the source tree (…/dist/adapters/legacyAcms → …/src/…). */
export const ACMS_SCHEMA_FILE = join(
  __dirname,
  '..',
  '..',
  '..',
  'src',
  'adapters',
  'legacyAcms',
  'acms-schema.sql',
);

/** ACMS's record number of a case: local id 2023-000042 → IHK/2023/000042. */
export function acmsRecordNumber(local: string): string {
  return `IHK/${local.replace('-', '/')}`;
}

/** A date inside the month as ACMS records it (the day varies with the case, as entered days do). */
function day(month: string | null, salt: number): string | null {
  return month === null ? null : `${month}-${String(1 + (salt % 28)).padStart(2, '0')}`;
}

const list = (values: readonly string[]) => values.join(';');

type Row = (string | number | boolean | null)[];

/** Multi-row INSERTs of at most 500 rows, parameterised. */
async function insertRows(client: ClientBase, table: string, columns: string[], rows: Row[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500);
    const values = chunk.map(
      (row, r) => `(${row.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`,
    );
    await client.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`,
      chunk.flat(),
    );
  }
}

/** The rows of one generated case, translated into ACMS's shape; `id` is both henkilo_id and tapaus_id. */
function legacyRows(c: SyntheticCase, id: number) {
  const p = c.perpetratorSummary;
  return {
    person: [
      id,
      c.identity.familyName,
      c.identity.givenNames,
      c.identity.birthYearMonth,
      ACMS_SEX[c.sex],
      acmsAgeOf(c.ageBand),
      c.minorAtExploitation,
      list(c.citizenship),
      list(c.languages),
      c.migrationStatus,
    ],
    case: [
      id,
      acmsRecordNumber(c.local),
      id,
      day(c.openedMonth, id),
      day(c.closedMonth, id),
      ACMS_CASE_STATUS[c.status],
      c.registeringOrgType,
      ACMS_IDENTIFICATION[c.identification.status],
      c.identification.decidedByOrgType,
      day(c.identification.decidedMonth, id),
      day(c.identification.reflectionPeriodEndsMonth, id),
      c.recruiterRelationship,
      list(c.recruitmentMethods),
      c.accompaniedChildrenCount,
      p !== null,
      p?.count ?? null,
      list(p?.roles ?? []),
      p?.legalPersonInvolved ?? null,
      p?.criminalInvestigationOpened ?? null,
      c.legalBasisNational,
      c.safetyRiskLevel,
      c.responsibleOrgId?.split(':').pop() ?? null,
      true,
    ],
    exploitations: c.exploitations.map((e) => [
      id,
      ACMS_EXPLOITATION_FORM[e.form],
      e.sexualType,
      e.industry,
      e.country,
      day(e.fromMonth, id),
      day(e.toMonth, id),
      list(e.meansOfControl),
      e.onlineFacilitated,
    ]),
    events: c.events.map((e) => [id, ACMS_EVENT_TYPE[e.type], e.country, e.nuts2, day(e.month, id)]),
    indicators: c.indicators.map((i) => [id, i.indicator, i.observedByOrgType, day(i.month, id)]),
    assistance: c.assistance.map((a) => [
      id,
      a.type,
      a.providerOrgType,
      a.status,
      day(a.startMonth, id),
      day(a.endMonth, id),
    ]),
  };
}

/**
 * Creates the ACMS schema (if missing) and fills it with the synthetic generator's cases for `country`,
 * written the way ACMS holds them, in one transaction. Refuses an ACMS that already holds cases.
 */
export async function loadAcmsFixture(
  client: ClientBase,
  country: SeedCountry,
  options: SeedOptions,
): Promise<{ cases: number }> {
  await client.query('BEGIN');
  try {
    await client.query(readFileSync(ACMS_SCHEMA_FILE, 'utf8'));
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM acms.tapaus');
    if (Number(rows[0]?.n) > 0) {
      throw new Error(`ACMS already holds ${rows[0]?.n} cases; load the example into a fresh database`);
    }
    const tables = { person: [] as Row[], case: [] as Row[], exploitations: [] as Row[] };
    const children = { events: [] as Row[], indicators: [] as Row[], assistance: [] as Row[] };
    let id = 0;
    for (const c of generateCases(country, options)) {
      const legacy = legacyRows(c, ++id);
      tables.person.push(legacy.person);
      tables.case.push(legacy.case);
      tables.exploitations.push(...legacy.exploitations);
      children.events.push(...legacy.events);
      children.indicators.push(...legacy.indicators);
      children.assistance.push(...legacy.assistance);
    }
    // Person and case first (children refer to them), each table in one pass.
    await insertRows(client, 'acms.henkilo', PERSON_COLUMNS, tables.person);
    await insertRows(client, 'acms.tapaus', CASE_COLUMNS, tables.case);
    await insertRows(client, 'acms.hyvaksikaytto', EXPLOITATION_COLUMNS, tables.exploitations);
    await insertRows(client, 'acms.tapahtuma', ['tapaus_id', 'laji', 'maa', 'nuts2', 'pvm'], children.events);
    await insertRows(
      client,
      'acms.indikaattori',
      ['tapaus_id', 'indikaattori', 'havaitsija_tyyppi', 'havaittu'],
      children.indicators,
    );
    await insertRows(
      client,
      'acms.tukitoimi',
      ['tapaus_id', 'tuki', 'tarjoaja_tyyppi', 'tila', 'alkoi', 'paattyi'],
      children.assistance,
    );
    for (const [table, key] of [
      ['acms.henkilo', 'henkilo_id'],
      ['acms.tapaus', 'tapaus_id'],
    ] as const) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence('${table}', '${key}'), GREATEST((SELECT max(${key}) FROM ${table}), 1))`,
      );
    }
    await client.query('COMMIT');
    return { cases: id };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

const PERSON_COLUMNS = [
  'henkilo_id',
  'sukunimi',
  'etunimet',
  'syntymakuukausi',
  'sukupuoli',
  'ika_tunnistettaessa',
  'alaikainen_hyvaksikaytettaessa',
  'kansalaisuudet',
  'kielet',
  'maahanmuuttoasema',
];

const CASE_COLUMNS = [
  'tapaus_id',
  'diaarinumero',
  'henkilo_id',
  'avattu',
  'suljettu',
  'tila',
  'kirjaaja_tyyppi',
  'tunnistus_tila',
  'tunnistaja_tyyppi',
  'tunnistus_pvm',
  'harkinta_aika_paattyy',
  'varvaajasuhde',
  'varvaystavat',
  'mukana_lapsia',
  'tekijatiedot_kirjattu',
  'tekijoita',
  'tekijaroolit',
  'oikeushenkilo',
  'esitutkinta_aloitettu',
  'kansallinen_peruste',
  'turvallisuusriski',
  'vastuuyksikko',
  'testiaineisto',
];

const EXPLOITATION_COLUMNS = [
  'tapaus_id',
  'muoto',
  'seksuaalinen_muoto',
  'toimiala',
  'maa',
  'alkoi',
  'paattyi',
  'kontrollikeinot',
  'verkossa',
];
