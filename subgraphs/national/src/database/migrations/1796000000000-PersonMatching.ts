import type { MigrationInterface, QueryRunner } from 'typeorm';
import { runDialectStatements } from './dialectStatements';

/**
 * Person matching (DOMAIN §4.4): the keyed-hash match tokens of each case's person (`match_tokens`,
 * looked up by value) and the match requests made from this country with their justification
 * (`match_requests`). Generated once per dialect with TypeORM's schema builder on a store with the
 * earlier migrations applied, then frozen: later changes are new migrations, never edits here.
 */
const SQLITE = [
  'CREATE TABLE "match_requests" ("seq" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "at" varchar(24) NOT NULL, "actor_id" varchar(128) NOT NULL, "case_id" varchar(48) NOT NULL, "purpose" varchar(40) NOT NULL, "justification" varchar(500) NOT NULL, "trace_id" varchar(64) NOT NULL)',
  'CREATE INDEX "IDX_match_requests_actor" ON "match_requests" ("actor_id", "at")',
  'CREATE TABLE "match_tokens" ("case_seq" integer NOT NULL, "scheme" varchar(40) NOT NULL, "key_version" integer NOT NULL, "value" varchar(64) NOT NULL, PRIMARY KEY ("case_seq", "scheme"))',
  'CREATE INDEX "IDX_match_tokens_value" ON "match_tokens" ("value")',
];

const POSTGRES = [
  'CREATE TABLE "match_requests" ("seq" SERIAL NOT NULL, "at" character varying(24) NOT NULL, "actor_id" character varying(128) NOT NULL, "case_id" character varying(48) NOT NULL, "purpose" character varying(40) NOT NULL, "justification" character varying(500) NOT NULL, "trace_id" character varying(64) NOT NULL, CONSTRAINT "PK_3e34308e3b8b09a7e25032f6fca" PRIMARY KEY ("seq"))',
  'CREATE INDEX "IDX_match_requests_actor" ON "match_requests"  ("actor_id", "at")',
  'CREATE TABLE "match_tokens" ("case_seq" integer NOT NULL, "scheme" character varying(40) NOT NULL, "key_version" integer NOT NULL, "value" character varying(64) NOT NULL, CONSTRAINT "PK_2f011479f97671adc8ebee9129d" PRIMARY KEY ("case_seq", "scheme"))',
  'CREATE INDEX "IDX_match_tokens_value" ON "match_tokens"  ("value")',
];

const DROP = ['DROP TABLE "match_tokens"', 'DROP TABLE "match_requests"'];

export class PersonMatching1796000000000 implements MigrationInterface {
  name = 'PersonMatching1796000000000';

  up(queryRunner: QueryRunner): Promise<void> {
    return runDialectStatements(queryRunner, { sqlite: SQLITE, postgres: POSTGRES });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DROP) await queryRunner.query(statement);
  }
}
