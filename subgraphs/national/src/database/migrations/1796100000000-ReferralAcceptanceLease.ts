import type { MigrationInterface, QueryRunner } from 'typeorm';
import { runDialectStatements } from './dialectStatements';

/**
 * `referrals.acceptance_token` / `acceptance_until`: the lease an acceptance holds while the receiving
 * country opens its case, so that a decline or withdrawal cannot land in between (which would leave the
 * receiver a case opened from a referral that was not accepted).
 */
const SQLITE = [
  'ALTER TABLE "referrals" ADD COLUMN "acceptance_token" varchar(36)',
  'ALTER TABLE "referrals" ADD COLUMN "acceptance_until" varchar(24)',
];

const POSTGRES = [
  'ALTER TABLE "referrals" ADD "acceptance_token" character varying(36)',
  'ALTER TABLE "referrals" ADD "acceptance_until" character varying(24)',
];

export class ReferralAcceptanceLease1796100000000 implements MigrationInterface {
  name = 'ReferralAcceptanceLease1796100000000';

  up(queryRunner: QueryRunner): Promise<void> {
    return runDialectStatements(queryRunner, { sqlite: SQLITE, postgres: POSTGRES });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "referrals" DROP COLUMN "acceptance_until"');
    await queryRunner.query('ALTER TABLE "referrals" DROP COLUMN "acceptance_token"');
  }
}
