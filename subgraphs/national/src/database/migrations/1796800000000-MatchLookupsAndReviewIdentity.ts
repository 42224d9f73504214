import type { MigrationInterface, QueryRunner } from 'typeorm';
import { runDialectStatements } from './dialectStatements';

/**
 * Person matching that cannot be abused (DOMAIN §4.4):
 * - `match_lookups`: each signed token lookup this country answered for another country — the nonce
 *   store that refuses a replay, and the basis of the per-asking-country rate limit;
 * - `match_reviews` loses its unique (trace id, country) index: a trace id is chosen by the client, so a
 *   reused one silently folded a second match of a minor into the first review (four eyes skipped).
 *   Every qualifying match now has its own review, named by the match request id it came from.
 * Generated once per dialect with TypeORM's schema builder, then frozen.
 */
const SQLITE = [
  'DROP INDEX "IDX_match_reviews_request"',
  'ALTER TABLE "match_reviews" ADD COLUMN "match_request_id" varchar(64)',
  'CREATE INDEX "IDX_match_reviews_trace" ON "match_reviews" ("trace_id") ',
  'CREATE TABLE "match_lookups" ("seq" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "at" varchar(24) NOT NULL, "asking_country" varchar(2) NOT NULL, "request_id" varchar(64) NOT NULL, "nonce" varchar(64) NOT NULL, "expires_at" varchar(24) NOT NULL)',
  'CREATE INDEX "IDX_match_lookups_country" ON "match_lookups" ("asking_country", "at") ',
  'CREATE UNIQUE INDEX "IDX_match_lookups_nonce" ON "match_lookups" ("nonce") ',
];

const POSTGRES = [
  // Unqualified (TypeORM wrote "public".…): the search path finds it, so the store may live in another
  // schema, as the legacy adapter's does. The same statement on every store migrated in public.
  'DROP INDEX "IDX_match_reviews_request"',
  'ALTER TABLE "match_reviews" ADD "match_request_id" character varying(64)',
  'CREATE INDEX "IDX_match_reviews_trace" ON "match_reviews"  ("trace_id") ',
  'CREATE TABLE "match_lookups" ("seq" SERIAL NOT NULL, "at" character varying(24) NOT NULL, "asking_country" character varying(2) NOT NULL, "request_id" character varying(64) NOT NULL, "nonce" character varying(64) NOT NULL, "expires_at" character varying(24) NOT NULL, CONSTRAINT "PK_a73e09153d796d11064aa1cf889" PRIMARY KEY ("seq"))',
  'CREATE INDEX "IDX_match_lookups_country" ON "match_lookups"  ("asking_country", "at") ',
  'CREATE UNIQUE INDEX "IDX_match_lookups_nonce" ON "match_lookups"  ("nonce") ',
];

export class MatchLookupsAndReviewIdentity1796800000000 implements MigrationInterface {
  name = 'MatchLookupsAndReviewIdentity1796800000000';

  up(queryRunner: QueryRunner): Promise<void> {
    return runDialectStatements(queryRunner, { sqlite: SQLITE, postgres: POSTGRES });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "match_lookups"');
    await queryRunner.query('DROP INDEX "IDX_match_reviews_trace"');
    await queryRunner.query('ALTER TABLE "match_reviews" DROP COLUMN "match_request_id"');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_match_reviews_request" ON "match_reviews" ("trace_id", "requesting_country")',
    );
  }
}
