import type { MigrationInterface, QueryRunner } from 'typeorm';
import { runDialectStatements } from './dialectStatements';

/**
 * `match_reviews`: person matches involving a minor kept for a second coordinator's review (DOMAIN
 * §4.4). Generated once per dialect with TypeORM's schema builder, then frozen.
 */
const SQLITE = [
  'CREATE TABLE "match_reviews" ("seq" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "trace_id" varchar(64) NOT NULL, "at" varchar(24) NOT NULL, "requesting_country" varchar(2) NOT NULL, "countries" varchar(40) NOT NULL, "case_ids" text NOT NULL, "requested_by" varchar(128) NOT NULL, "justification" varchar(500), "reviewed_by" varchar(128), "reviewed_at" varchar(24))',
  'CREATE INDEX "IDX_match_reviews_pending" ON "match_reviews" ("reviewed_at", "seq") ',
  'CREATE UNIQUE INDEX "IDX_match_reviews_request" ON "match_reviews" ("trace_id", "requesting_country") ',
];

const POSTGRES = [
  'CREATE TABLE "match_reviews" ("seq" SERIAL NOT NULL, "trace_id" character varying(64) NOT NULL, "at" character varying(24) NOT NULL, "requesting_country" character varying(2) NOT NULL, "countries" character varying(40) NOT NULL, "case_ids" text NOT NULL, "requested_by" character varying(128) NOT NULL, "justification" character varying(500), "reviewed_by" character varying(128), "reviewed_at" character varying(24), CONSTRAINT "PK_6b0ed68f9df20687830bafb636f" PRIMARY KEY ("seq"))',
  'CREATE INDEX "IDX_match_reviews_pending" ON "match_reviews"  ("reviewed_at", "seq") ',
  'CREATE UNIQUE INDEX "IDX_match_reviews_request" ON "match_reviews"  ("trace_id", "requesting_country") ',
];

export class MatchReviews1796300000000 implements MigrationInterface {
  name = 'MatchReviews1796300000000';

  up(queryRunner: QueryRunner): Promise<void> {
    return runDialectStatements(queryRunner, { sqlite: SQLITE, postgres: POSTGRES });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "match_reviews"');
  }
}
