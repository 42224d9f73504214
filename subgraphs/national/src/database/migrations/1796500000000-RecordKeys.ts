import type { MigrationInterface, QueryRunner } from 'typeorm';
import { runDialectStatements } from './dialectStatements';

/**
 * `cases.record_key` and `referrals.record_key`: each record's random key for cell-key perturbation
 * (docs/disclosure-control.md), a whole number uniform in [0, 2^31), fixed when the record is created
 * and never published. Existing rows get a fresh random key here; every path that creates a case or a
 * referral sets its own (statistics/cellKeyPerturbation.ts newRecordKey).
 *
 * SQLite cannot add a NOT NULL column without a default, so there the default is 0 and the backfill
 * replaces it; PostgreSQL adds the column, backfills and then sets NOT NULL.
 */
const TABLES = ['cases', 'referrals'] as const;

const SQLITE = TABLES.flatMap((table) => [
  `ALTER TABLE "${table}" ADD COLUMN "record_key" integer NOT NULL DEFAULT 0`,
  `UPDATE "${table}" SET "record_key" = abs(random() % 2147483648)`,
]);

const POSTGRES = TABLES.flatMap((table) => [
  `ALTER TABLE "${table}" ADD "record_key" integer`,
  `UPDATE "${table}" SET "record_key" = floor(random() * 2147483648)::integer`,
  `ALTER TABLE "${table}" ALTER COLUMN "record_key" SET NOT NULL`,
]);

export class RecordKeys1796500000000 implements MigrationInterface {
  name = 'RecordKeys1796500000000';

  up(queryRunner: QueryRunner): Promise<void> {
    return runDialectStatements(queryRunner, { sqlite: SQLITE, postgres: POSTGRES });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "record_key"`);
  }
}
