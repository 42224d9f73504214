import type { MigrationInterface, QueryRunner } from 'typeorm';
import { runDialectStatements } from './dialectStatements';

/**
 * `referrals.to_org_id`: the receiving country's organisation a referral is addressed to, whose
 * assistance caseworkers see it in their inbox (DOMAIN §4.2). Referrals sent before have none: only
 * the receiving country's coordinators see those.
 */
const SQLITE = ['ALTER TABLE "referrals" ADD COLUMN "to_org_id" varchar(80)'];

const POSTGRES = ['ALTER TABLE "referrals" ADD "to_org_id" character varying(80)'];

export class ReferralAddressee1796400000000 implements MigrationInterface {
  name = 'ReferralAddressee1796400000000';

  up(queryRunner: QueryRunner): Promise<void> {
    return runDialectStatements(queryRunner, { sqlite: SQLITE, postgres: POSTGRES });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "referrals" DROP COLUMN "to_org_id"');
  }
}
