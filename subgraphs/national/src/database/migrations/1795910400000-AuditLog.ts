import type { MigrationInterface, QueryRunner } from 'typeorm';
import { runDialectStatements } from './dialectStatements';

/**
 * The append-only, hash-chained audit log (`audit_events`) and its entity index
 * (`audit_event_entities`). Generated once per dialect with TypeORM's schema builder on a store with
 * InitialNationalSchema applied, then frozen: later changes are new migrations, never edits here.
 */
const SQLITE = [
  'CREATE TABLE "audit_events" ("seq" integer PRIMARY KEY NOT NULL, "id" varchar(32) NOT NULL, "at" varchar(24) NOT NULL, "actor_id" varchar(128) NOT NULL, "actor_org" varchar(96) NOT NULL, "actor_country" varchar(2) NOT NULL, "role" varchar(24) NOT NULL, "action" varchar(20) NOT NULL, "entity_type" varchar(32) NOT NULL, "entity_ids" text NOT NULL, "purpose" varchar(40), "legal_basis" varchar(24), "serving_country" varchar(2) NOT NULL, "cross_border" boolean NOT NULL, "result_count" integer NOT NULL, "outcome" varchar(8) NOT NULL, "reason" varchar(120), "trace_id" varchar(64) NOT NULL, "query_hash" varchar(64) NOT NULL, "prev_hash" varchar(64) NOT NULL, "hash" varchar(64) NOT NULL)',
  'CREATE INDEX "IDX_audit_events_outcome" ON "audit_events" ("outcome", "seq")',
  'CREATE INDEX "IDX_audit_events_actor_country" ON "audit_events" ("actor_country", "seq")',
  'CREATE INDEX "IDX_audit_events_actor" ON "audit_events" ("actor_id", "seq")',
  'CREATE INDEX "IDX_audit_events_at" ON "audit_events" ("at")',
  'CREATE UNIQUE INDEX "IDX_audit_events_id" ON "audit_events" ("id")',
  'CREATE TABLE "audit_event_entities" ("audit_seq" integer NOT NULL, "entity_id" varchar(128) NOT NULL, PRIMARY KEY ("audit_seq", "entity_id"))',
  'CREATE INDEX "IDX_audit_event_entities_entity" ON "audit_event_entities" ("entity_id", "audit_seq")',
];

const POSTGRES = [
  'CREATE TABLE "audit_events" ("seq" integer NOT NULL, "id" character varying(32) NOT NULL, "at" character varying(24) NOT NULL, "actor_id" character varying(128) NOT NULL, "actor_org" character varying(96) NOT NULL, "actor_country" character varying(2) NOT NULL, "role" character varying(24) NOT NULL, "action" character varying(20) NOT NULL, "entity_type" character varying(32) NOT NULL, "entity_ids" text NOT NULL, "purpose" character varying(40), "legal_basis" character varying(24), "serving_country" character varying(2) NOT NULL, "cross_border" boolean NOT NULL, "result_count" integer NOT NULL, "outcome" character varying(8) NOT NULL, "reason" character varying(120), "trace_id" character varying(64) NOT NULL, "query_hash" character varying(64) NOT NULL, "prev_hash" character varying(64) NOT NULL, "hash" character varying(64) NOT NULL, CONSTRAINT "PK_6e299f5706e715265416fefe53e" PRIMARY KEY ("seq"))',
  'CREATE INDEX "IDX_audit_events_outcome" ON "audit_events"  ("outcome", "seq")',
  'CREATE INDEX "IDX_audit_events_actor_country" ON "audit_events"  ("actor_country", "seq")',
  'CREATE INDEX "IDX_audit_events_actor" ON "audit_events"  ("actor_id", "seq")',
  'CREATE INDEX "IDX_audit_events_at" ON "audit_events"  ("at")',
  'CREATE UNIQUE INDEX "IDX_audit_events_id" ON "audit_events"  ("id")',
  'CREATE TABLE "audit_event_entities" ("audit_seq" integer NOT NULL, "entity_id" character varying(128) NOT NULL, CONSTRAINT "PK_c2aeb25550914b156b5087e2021" PRIMARY KEY ("audit_seq", "entity_id"))',
  'CREATE INDEX "IDX_audit_event_entities_entity" ON "audit_event_entities"  ("entity_id", "audit_seq")',
];

const DROP = ['DROP TABLE "audit_event_entities"', 'DROP TABLE "audit_events"'];

export class AuditLog1795910400000 implements MigrationInterface {
  name = 'AuditLog1795910400000';

  up(queryRunner: QueryRunner): Promise<void> {
    return runDialectStatements(queryRunner, { sqlite: SQLITE, postgres: POSTGRES });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DROP) await queryRunner.query(statement);
  }
}
