import type { MigrationInterface, QueryRunner } from 'typeorm';
import { runDialectStatements } from './dialectStatements';

/**
 * `idempotency_keys`: the first result of each idempotent write (referrals, case links, the
 * cross-border steps). Generated once per dialect with TypeORM's schema builder, then frozen.
 */
const SQLITE = [
  'CREATE TABLE "idempotency_keys" ("seq" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "subject" varchar(140) NOT NULL, "operation" varchar(40) NOT NULL, "idempotency_key" varchar(80) NOT NULL, "request_hash" varchar(64) NOT NULL, "result_id" varchar(48) NOT NULL, "created_at" varchar(24) NOT NULL)',
  'CREATE UNIQUE INDEX "IDX_idempotency_keys_scope" ON "idempotency_keys" ("subject", "operation", "idempotency_key") ',
];

const POSTGRES = [
  'CREATE TABLE "idempotency_keys" ("seq" SERIAL NOT NULL, "subject" character varying(140) NOT NULL, "operation" character varying(40) NOT NULL, "idempotency_key" character varying(80) NOT NULL, "request_hash" character varying(64) NOT NULL, "result_id" character varying(48) NOT NULL, "created_at" character varying(24) NOT NULL, CONSTRAINT "PK_8d38793c7c3da8efcb64ecc3fb8" PRIMARY KEY ("seq"))',
  'CREATE UNIQUE INDEX "IDX_idempotency_keys_scope" ON "idempotency_keys"  ("subject", "operation", "idempotency_key") ',
];

export class IdempotencyKeys1795996800000 implements MigrationInterface {
  name = 'IdempotencyKeys1795996800000';

  up(queryRunner: QueryRunner): Promise<void> {
    return runDialectStatements(queryRunner, { sqlite: SQLITE, postgres: POSTGRES });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "idempotency_keys"');
  }
}
