import type { MigrationInterface, QueryRunner } from 'typeorm';
import { runDialectStatements } from './dialectStatements';

/**
 * `cases.version`: the case's version for optimistic concurrency. Every write of a case's contents
 * (updateCase, recordCaseEvent, closeCase, reopenCase, an import's update) adds one; a write that
 * names another `expectedVersion` than the stored one changes nothing (`CONFLICT`). Existing cases
 * start at 1, as a newly registered case does.
 */
const SQLITE = ['ALTER TABLE "cases" ADD COLUMN "version" integer NOT NULL DEFAULT (1)'];
const POSTGRES = ['ALTER TABLE "cases" ADD "version" integer NOT NULL DEFAULT 1'];

export class CaseVersion1797000000000 implements MigrationInterface {
  name = 'CaseVersion1797000000000';

  up(queryRunner: QueryRunner): Promise<void> {
    return runDialectStatements(queryRunner, { sqlite: SQLITE, postgres: POSTGRES });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "cases" DROP COLUMN "version"');
  }
}
