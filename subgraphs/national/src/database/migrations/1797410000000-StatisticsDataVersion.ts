import type { MigrationInterface, QueryRunner } from 'typeorm';
import { runDialectStatements } from './dialectStatements';

/**
 * `data_version`: one counter that every write to the data statistics are computed from moves on, and
 * a random epoch of the store (a store created anew counts from 1 again, under another epoch), so
 * that a cached statistics answer can be checked for freshness with one read (docs/benchmarks.md,
 * "Statistics cache"). The database bumps it itself, in the writing transaction, whoever writes: the
 * domestic API, the bulk import, the seed, a deletion, an operator's SQL.
 *
 * PostgreSQL: a statement-level trigger on each table the statistics read (one bump per statement,
 * so a COPY of a million rows costs one update). SQLite has row-level triggers only: they are on
 * `cases` and `referrals`, which every write path touches (a case's child rows are only ever written
 * with its case row, whose `version` moves on), so an import pays one bump per case, not per row.
 */
const SQLITE_TABLES = ['cases', 'referrals'];
const POSTGRES_TABLES = [
  'cases',
  'case_exploitations',
  'trafficking_events',
  'indicator_observations',
  'assistance_episodes',
  'referrals',
];

const SQLITE = [
  'CREATE TABLE "data_version" ("id" integer PRIMARY KEY NOT NULL CHECK ("id" = 1), "epoch" varchar(32) NOT NULL, "version" integer NOT NULL)',
  'INSERT INTO "data_version" ("id", "epoch", "version") VALUES (1, lower(hex(randomblob(8))), 1)',
  ...SQLITE_TABLES.flatMap((table) =>
    ['INSERT', 'UPDATE', 'DELETE'].map(
      (event) =>
        `CREATE TRIGGER "data_version_${table}_${event.toLowerCase()}" AFTER ${event} ON "${table}" BEGIN UPDATE "data_version" SET "version" = "version" + 1 WHERE "id" = 1; END`,
    ),
  ),
];

const POSTGRES = [
  'CREATE TABLE "data_version" ("id" integer NOT NULL CHECK ("id" = 1), "epoch" character varying(32) NOT NULL, "version" bigint NOT NULL, CONSTRAINT "PK_data_version" PRIMARY KEY ("id"))',
  `INSERT INTO "data_version" ("id", "epoch", "version") VALUES (1, substr(md5(random()::text || clock_timestamp()::text), 1, 16), 1)`,
  `CREATE FUNCTION "bump_data_version"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$ BEGIN UPDATE "data_version" SET "version" = "version" + 1 WHERE "id" = 1; RETURN NULL; END $$`,
  ...POSTGRES_TABLES.map(
    (table) =>
      `CREATE TRIGGER "data_version_${table}" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"()`,
  ),
];

export class StatisticsDataVersion1797410000000 implements MigrationInterface {
  name = 'StatisticsDataVersion1797410000000';

  up(queryRunner: QueryRunner): Promise<void> {
    return runDialectStatements(queryRunner, { sqlite: SQLITE, postgres: POSTGRES });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    if (postgres) {
      for (const table of POSTGRES_TABLES)
        await queryRunner.query(`DROP TRIGGER "data_version_${table}" ON "${table}"`);
      await queryRunner.query('DROP FUNCTION "bump_data_version"()');
    } else {
      for (const table of SQLITE_TABLES)
        for (const event of ['insert', 'update', 'delete'])
          await queryRunner.query(`DROP TRIGGER "data_version_${table}_${event}"`);
    }
    await queryRunner.query('DROP TABLE "data_version"');
  }
}
