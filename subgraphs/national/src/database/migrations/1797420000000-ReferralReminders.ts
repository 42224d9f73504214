import type { MigrationInterface, QueryRunner } from 'typeorm';
import { runDialectStatements } from './dialectStatements';

/**
 * When a referral's reminders were sent (docs/operators.md "Referral notifications"): `reminded_at`, the
 * reminder that it is unanswered after REFERRAL_REMINDER_DAYS; `expiry_warned_at`, the notice that it
 * expires within REFERRAL_EXPIRY_WARNING_HOURS. Each is sent once per referral; existing referrals have
 * had neither.
 */
const SQLITE = [
  'ALTER TABLE "referrals" ADD COLUMN "reminded_at" varchar(24)',
  'ALTER TABLE "referrals" ADD COLUMN "expiry_warned_at" varchar(24)',
];
const POSTGRES = [
  'ALTER TABLE "referrals" ADD "reminded_at" character varying(24)',
  'ALTER TABLE "referrals" ADD "expiry_warned_at" character varying(24)',
];

export class ReferralReminders1797420000000 implements MigrationInterface {
  name = 'ReferralReminders1797420000000';

  up(queryRunner: QueryRunner): Promise<void> {
    return runDialectStatements(queryRunner, { sqlite: SQLITE, postgres: POSTGRES });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "referrals" DROP COLUMN "expiry_warned_at"');
    await queryRunner.query('ALTER TABLE "referrals" DROP COLUMN "reminded_at"');
  }
}
