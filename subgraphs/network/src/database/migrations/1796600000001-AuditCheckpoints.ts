import { CREATE_AUDIT_CHECKPOINTS_TABLE, DROP_AUDIT_CHECKPOINTS_TABLE } from '@nordic/subgraph-common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `audit_checkpoints`: every country's signed audit-log checkpoints, taken after their signature
 * verified with the country's service key (docs/security/audit-log.md). The same statement on SQLite
 * and PostgreSQL.
 */
export class AuditCheckpoints1796600000001 implements MigrationInterface {
  name = 'AuditCheckpoints1796600000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(CREATE_AUDIT_CHECKPOINTS_TABLE);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DROP_AUDIT_CHECKPOINTS_TABLE);
  }
}
