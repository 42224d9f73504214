import type { MigrationInterface, QueryRunner } from 'typeorm';
import { runDialectStatements } from './dialectStatements';

/**
 * `audit_events.changed_fields`: for a WRITE event, the names of the fields the write changed
 * (comma-separated; never their values). Null for every other event, so the hashes of the events
 * written before stay as they were (a null column is left out of an event's canonical JSON).
 */
const SQLITE = ['ALTER TABLE "audit_events" ADD COLUMN "changed_fields" text'];
const POSTGRES = ['ALTER TABLE "audit_events" ADD "changed_fields" text'];

export class AuditChangedFields1797000000001 implements MigrationInterface {
  name = 'AuditChangedFields1797000000001';

  up(queryRunner: QueryRunner): Promise<void> {
    return runDialectStatements(queryRunner, { sqlite: SQLITE, postgres: POSTGRES });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "audit_events" DROP COLUMN "changed_fields"');
  }
}
