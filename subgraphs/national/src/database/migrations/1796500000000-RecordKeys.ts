import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { runDialectStatements } from './dialectStatements';

/**
 * `cases.record_key` and `referrals.record_key`: each record's random key for cell-key perturbation
 * (docs/disclosure-control.md), a whole number uniform in [0, 2^31), fixed when the record is created
 * and never published. Existing rows get a fresh random key here; every path that creates a case or a
 * referral sets its own (statistics/cellKeyPerturbation.ts newRecordKey).
 *
 * SQLite cannot add a NOT NULL column without a default, so there the column is added nullable,
 * backfilled, and made NOT NULL by TypeORM's table rebuild (changeColumn), which keeps the indexes: the
 * store ends exactly as the entities describe it, with no default that would let a forgotten key pass
 * as 0. PostgreSQL adds the column, backfills and then sets NOT NULL.
 */
const TABLES = ['cases', 'referrals'] as const;

const POSTGRES = TABLES.flatMap((table) => [
  `ALTER TABLE "${table}" ADD "record_key" integer`,
  `UPDATE "${table}" SET "record_key" = floor(random() * 2147483648)::integer`,
  `ALTER TABLE "${table}" ALTER COLUMN "record_key" SET NOT NULL`,
]);

async function addRecordKeysOnSqlite(queryRunner: QueryRunner): Promise<void> {
  for (const table of TABLES) {
    await queryRunner.addColumn(
      table,
      new TableColumn({ name: 'record_key', type: 'integer', isNullable: true }),
    );
    await queryRunner.query(`UPDATE "${table}" SET "record_key" = abs(random() % 2147483648)`);
    await queryRunner.changeColumn(
      table,
      'record_key',
      new TableColumn({ name: 'record_key', type: 'integer', isNullable: false }),
    );
  }
}

export class RecordKeys1796500000000 implements MigrationInterface {
  name = 'RecordKeys1796500000000';

  up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'better-sqlite3') return addRecordKeysOnSqlite(queryRunner);
    return runDialectStatements(queryRunner, { sqlite: [], postgres: POSTGRES });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "record_key"`);
  }
}
