import type { MigrationInterface, QueryRunner } from 'typeorm';
import { runDialectStatements } from './dialectStatements';

/**
 * `audit_events.roles`: every role of the caller's token (the `role` column keeps the one that granted
 * the access). Events written before have '' here.
 */
const SQLITE = ['ALTER TABLE "audit_events" ADD COLUMN "roles" text NOT NULL DEFAULT (\'\')'];

const POSTGRES = ['ALTER TABLE "audit_events" ADD "roles" text NOT NULL DEFAULT \'\''];

export class AuditEventRoles1796700000000 implements MigrationInterface {
  name = 'AuditEventRoles1796700000000';

  up(queryRunner: QueryRunner): Promise<void> {
    return runDialectStatements(queryRunner, { sqlite: SQLITE, postgres: POSTGRES });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "audit_events" DROP COLUMN "roles"');
  }
}
