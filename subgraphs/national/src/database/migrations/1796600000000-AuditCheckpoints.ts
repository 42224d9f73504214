import { CREATE_AUDIT_CHECKPOINTS_TABLE, DROP_AUDIT_CHECKPOINTS_TABLE } from '@nordic/subgraph-common';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `audit_checkpoints`: the signed audit-log checkpoints of other countries that this country holds as
 * their witness, with its countersignature (docs/security/audit-log.md). The same statement on SQLite
 * and PostgreSQL (plain varchar, integer and text columns).
 */
export class AuditCheckpoints1796600000000 implements MigrationInterface {
  name = 'AuditCheckpoints1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(CREATE_AUDIT_CHECKPOINTS_TABLE);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DROP_AUDIT_CHECKPOINTS_TABLE);
  }
}
