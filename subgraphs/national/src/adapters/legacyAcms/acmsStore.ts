import { randomBytes } from 'node:crypto';
import type { ConnectedCountry } from '@nordic/schema';
import type { DataSource } from 'typeorm';
import { CASE_TABLES, acmsViewStatements } from './acmsViews';
import {
  ACMS_CASE_STATUS,
  ACMS_EVENT_TYPE,
  ACMS_EXPLOITATION_FORM,
  ACMS_IDENTIFICATION,
  ACMS_SEX,
  legacyCodes,
} from './codeMaps';

/** The `STORE` value that selects this adapter. */
export const LEGACY_ACMS_STORE = 'legacy-acms' as const;

/**
 * The schema the adapter keeps the network's own tables in (referrals, links, audit log, idempotency
 * keys, match tokens: what ACMS has no place for), created by the reference store's migrations, and
 * the views over ACMS in place of the reference store's case tables.
 */
export const NETWORK_SCHEMA = 'nordic';

/** Legacy code columns checked at start: a code the mapping lacks would reach the contract as null. */
const CODE_COLUMNS: { table: string; column: string; codes: string[] }[] = [
  { table: 'acms.henkilo', column: 'sukupuoli', codes: legacyCodes(ACMS_SEX) },
  { table: 'acms.tapaus', column: 'tila', codes: legacyCodes(ACMS_CASE_STATUS) },
  { table: 'acms.tapaus', column: 'tunnistus_tila', codes: legacyCodes(ACMS_IDENTIFICATION) },
  { table: 'acms.hyvaksikaytto', column: 'muoto', codes: legacyCodes(ACMS_EXPLOITATION_FORM) },
  { table: 'acms.tapahtuma', column: 'laji', codes: legacyCodes(ACMS_EVENT_TYPE) },
];

/** Creates the network's schema, before the migrations fill it. */
export async function createNetworkSchema(dataSource: DataSource): Promise<void> {
  await dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${NETWORK_SCHEMA}`);
}

/**
 * Puts the views over ACMS in place of the reference store's (empty) case tables, in one transaction,
 * at every start (so a new release's views replace the old ones); refuses a store whose case tables
 * hold rows (a reference store is never turned into an adapter) and legacy data the code mapping
 * does not cover, naming the codes.
 */
export async function installAcmsViews(dataSource: DataSource, country: ConnectedCountry): Promise<void> {
  const [legacy] = (await dataSource.query(`SELECT to_regclass('acms.tapaus') IS NOT NULL AS present`)) as [
    { present: boolean },
  ];
  if (!legacy.present) {
    throw new Error(
      `the database holds no ACMS schema (acms.tapaus is missing); load the example with: npm run adapter:fixture -- --country ${country} --database <the same URL>`,
    );
  }
  await dataSource.transaction(async (manager) => {
    // Replicas starting together install one after the other.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('nordic-acms-views'))`);
    await manager.query(`CREATE TABLE IF NOT EXISTS acms_adapter_keys (record_key_secret text NOT NULL)`);
    await manager.query(
      `INSERT INTO acms_adapter_keys (record_key_secret) SELECT $1 WHERE NOT EXISTS (SELECT 1 FROM acms_adapter_keys)`,
      [randomBytes(32).toString('base64')],
    );
    await manager.query(
      `CREATE TABLE IF NOT EXISTS acms_case_assignments (case_seq integer PRIMARY KEY, responsible_org_id varchar(80) NOT NULL)`,
    );
    for (const table of CASE_TABLES) {
      const [kind] = (await manager.query(
        `SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`,
        [NETWORK_SCHEMA, table],
      )) as { relkind: string }[];
      if (kind?.relkind === 'r') {
        const [rows] = (await manager.query(`SELECT EXISTS (SELECT 1 FROM ${table}) AS some`)) as [
          { some: boolean },
        ];
        if (rows.some) {
          throw new Error(
            `${NETWORK_SCHEMA}.${table} is a table holding rows: this database is a reference store, not an ACMS adapter's; start it without STORE=${LEGACY_ACMS_STORE}`,
          );
        }
        await manager.query(`DROP TABLE ${table}`);
      } else if (kind) {
        await manager.query(`DROP VIEW ${table} CASCADE`);
      }
    }
    await manager.query(`DROP FUNCTION IF EXISTS acms_case_update() CASCADE`);
    for (const statement of acmsViewStatements(country)) await manager.query(statement);
  });
  const unmapped: string[] = [];
  for (const { table, column, codes } of CODE_COLUMNS) {
    const rows = (await dataSource.query(
      `SELECT DISTINCT ${column} AS code FROM ${table} WHERE NOT (${column} = ANY($1)) ORDER BY 1 LIMIT 10`,
      [codes],
    )) as { code: string }[];
    for (const row of rows) unmapped.push(`${table}.${column} '${row.code}'`);
  }
  if (unmapped.length > 0) {
    throw new Error(
      `ACMS holds codes the adapter's mapping does not know: ${unmapped.join(', ')}; add them to subgraphs/national/src/adapters/legacyAcms/codeMaps.ts`,
    );
  }
}
