import type { MigrationInterface, QueryRunner } from 'typeorm';
import { runDialectStatements } from './dialectStatements';

/**
 * `cases.responsible_org_id`: the organisation responsible for a case, whose assistance caseworkers
 * see it (DOMAIN §4.2), with an index for browsing one organisation's cases newest first. Existing
 * cases get none: until a national team assigns them, its caseworkers see none of them.
 */
const SQLITE = [
  'ALTER TABLE "cases" ADD COLUMN "responsible_org_id" varchar(80)',
  'CREATE INDEX "IDX_cases_org_page" ON "cases" ("responsible_org_id", "opened_month", "seq") ',
];

const POSTGRES = [
  'ALTER TABLE "cases" ADD "responsible_org_id" character varying(80)',
  'CREATE INDEX "IDX_cases_org_page" ON "cases" ("responsible_org_id", "opened_month", "seq") ',
];

export class CaseResponsibleOrganisation1796200000000 implements MigrationInterface {
  name = 'CaseResponsibleOrganisation1796200000000';

  up(queryRunner: QueryRunner): Promise<void> {
    return runDialectStatements(queryRunner, { sqlite: SQLITE, postgres: POSTGRES });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_cases_org_page"');
    await queryRunner.query('ALTER TABLE "cases" DROP COLUMN "responsible_org_id"');
  }
}
