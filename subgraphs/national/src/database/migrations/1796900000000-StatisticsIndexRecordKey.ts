import type { MigrationInterface, QueryRunner } from 'typeorm';

const COLUMNS = [
  'opened_year',
  'identification_status',
  'sex',
  'age_group',
  'citizenship_group',
  'exploitation_group',
  'exploitation_form',
  'industry',
  'registering_org_type',
  'assisted',
];
const index = (columns: readonly string[]) =>
  `CREATE INDEX "IDX_cases_statistics" ON "cases" (${columns.map((c) => `"${c}"`).join(', ')})`;

/**
 * The statistics' covering index also holds `record_key`: every published cell sums its records' keys
 * (cell-key perturbation, docs/disclosure-control.md), and without the key in the index each statistics
 * query would read every matching row from the table instead of the index alone.
 */
export class StatisticsIndexRecordKey1796900000000 implements MigrationInterface {
  name = 'StatisticsIndexRecordKey1796900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_cases_statistics"');
    await queryRunner.query(index([...COLUMNS, 'record_key']));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_cases_statistics"');
    await queryRunner.query(index(COLUMNS));
  }
}
