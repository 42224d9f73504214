import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema of the network registry. Written once per dialect (generated from the entities with
 * TypeORM's schema builder, then frozen): later changes are new migrations, never edits here.
 */
const SQLITE = [
  'CREATE TABLE "code_list_labels" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "list_name" varchar(64) NOT NULL, "code" varchar(64) NOT NULL, "lang" varchar(8) NOT NULL, "text" varchar(255) NOT NULL)',
  'CREATE UNIQUE INDEX "IDX_code_list_labels_entry" ON "code_list_labels" ("list_name", "code", "lang")',
  'CREATE TABLE "contact_points" ("id" varchar(80) PRIMARY KEY NOT NULL, "organisation_id" varchar(80) NOT NULL, "role" varchar(32) NOT NULL, "functional_email" varchar(254), "phone" varchar(32), "languages" varchar(64) NOT NULL, "availability" varchar(64), "secure_channel" varchar(32) NOT NULL)',
  'CREATE INDEX "IDX_contact_points_role" ON "contact_points" ("role")',
  'CREATE INDEX "IDX_contact_points_organisation" ON "contact_points" ("organisation_id")',
  'CREATE TABLE "countries" ("code" varchar(2) PRIMARY KEY NOT NULL, "name" varchar(80) NOT NULL, "name_local" varchar(80) NOT NULL, "eu_member" boolean NOT NULL, "bound_by_directive2011_36" boolean NOT NULL, "coe_convention_party" boolean NOT NULL, "connected" boolean NOT NULL, "national_coordinator_id" varchar(80), "national_rapporteur_id" varchar(80), "assistance_system_id" varchar(80))',
  'CREATE TABLE "organisations" ("id" varchar(80) PRIMARY KEY NOT NULL, "country" varchar(2) NOT NULL, "name" varchar(160) NOT NULL, "name_local" varchar(160), "type" varchar(32) NOT NULL, "parent_id" varchar(80))',
  'CREATE INDEX "IDX_organisations_type" ON "organisations" ("type")',
  'CREATE INDEX "IDX_organisations_country_type" ON "organisations" ("country", "type")',
];

const POSTGRES = [
  'CREATE TABLE "code_list_labels" ("id" SERIAL NOT NULL, "list_name" character varying(64) NOT NULL, "code" character varying(64) NOT NULL, "lang" character varying(8) NOT NULL, "text" character varying(255) NOT NULL, CONSTRAINT "PK_code_list_labels" PRIMARY KEY ("id"))',
  'CREATE UNIQUE INDEX "IDX_code_list_labels_entry" ON "code_list_labels"  ("list_name", "code", "lang")',
  'CREATE TABLE "contact_points" ("id" character varying(80) NOT NULL, "organisation_id" character varying(80) NOT NULL, "role" character varying(32) NOT NULL, "functional_email" character varying(254), "phone" character varying(32), "languages" character varying(64) NOT NULL, "availability" character varying(64), "secure_channel" character varying(32) NOT NULL, CONSTRAINT "PK_contact_points" PRIMARY KEY ("id"))',
  'CREATE INDEX "IDX_contact_points_role" ON "contact_points"  ("role")',
  'CREATE INDEX "IDX_contact_points_organisation" ON "contact_points"  ("organisation_id")',
  'CREATE TABLE "countries" ("code" character varying(2) NOT NULL, "name" character varying(80) NOT NULL, "name_local" character varying(80) NOT NULL, "eu_member" boolean NOT NULL, "bound_by_directive2011_36" boolean NOT NULL, "coe_convention_party" boolean NOT NULL, "connected" boolean NOT NULL, "national_coordinator_id" character varying(80), "national_rapporteur_id" character varying(80), "assistance_system_id" character varying(80), CONSTRAINT "PK_countries" PRIMARY KEY ("code"))',
  'CREATE TABLE "organisations" ("id" character varying(80) NOT NULL, "country" character varying(2) NOT NULL, "name" character varying(160) NOT NULL, "name_local" character varying(160), "type" character varying(32) NOT NULL, "parent_id" character varying(80), CONSTRAINT "PK_organisations" PRIMARY KEY ("id"))',
  'CREATE INDEX "IDX_organisations_type" ON "organisations"  ("type")',
  'CREATE INDEX "IDX_organisations_country_type" ON "organisations"  ("country", "type")',
];

const DROP = [
  'DROP TABLE "organisations"',
  'DROP TABLE "countries"',
  'DROP TABLE "contact_points"',
  'DROP TABLE "code_list_labels"',
];

export class InitialNetworkSchema1764460800000 implements MigrationInterface {
  name = 'InitialNetworkSchema1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = queryRunner.connection.options.type === 'postgres' ? POSTGRES : SQLITE;
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DROP) await queryRunner.query(statement);
  }
}
