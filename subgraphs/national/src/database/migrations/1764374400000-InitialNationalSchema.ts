import type { MigrationInterface, QueryRunner } from 'typeorm';
import { runDialectStatements } from './dialectStatements';

/**
 * The first schema of a national store. Written once per dialect (generated from the entities with
 * TypeORM's schema builder, then frozen): later changes are new migrations, never edits here.
 */
const SQLITE = [
  'CREATE TABLE "cases" ("seq" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "id" varchar(48) NOT NULL, "opened_year" integer NOT NULL, "opened_month" varchar(7) NOT NULL, "closed_month" varchar(7), "status" varchar(24) NOT NULL, "registering_org_type" varchar(32) NOT NULL, "sex" varchar(8) NOT NULL, "age_band" varchar(10) NOT NULL, "age_group" varchar(8) NOT NULL, "minor_at_exploitation" boolean, "citizenship" varchar(64) NOT NULL, "citizenship_group" varchar(20) NOT NULL, "migration_status" varchar(40), "recruiter_relationship" varchar(20), "recruitment_methods" varchar(255) NOT NULL, "accompanied_children_count" integer, "languages" varchar(64) NOT NULL, "identification_status" varchar(28) NOT NULL, "decided_by_org_type" varchar(28) NOT NULL, "decided_month" varchar(7), "reflection_period_ends_month" varchar(7), "exploitation_form" varchar(40) NOT NULL, "exploitation_group" varchar(28) NOT NULL, "industry" varchar(2) NOT NULL, "has_perpetrator_summary" boolean NOT NULL, "perpetrator_count" integer, "perpetrator_roles" varchar(255) NOT NULL, "legal_person_involved" boolean, "criminal_investigation_opened" boolean, "legal_basis_national" varchar(64), "safety_risk_level" varchar(12) NOT NULL, "assisted" boolean NOT NULL, "origin_referral_id" varchar(48), "has_links" boolean NOT NULL, "synthetic" boolean NOT NULL)',
  'CREATE INDEX "IDX_cases_origin_referral" ON "cases" ("origin_referral_id")',
  'CREATE INDEX "IDX_cases_reflection" ON "cases" ("reflection_period_ends_month")',
  'CREATE INDEX "IDX_cases_links_page" ON "cases" ("has_links", "opened_month", "seq")',
  'CREATE INDEX "IDX_cases_minor_page" ON "cases" ("minor_at_exploitation", "opened_month", "seq")',
  'CREATE INDEX "IDX_cases_identification_page" ON "cases" ("identification_status", "opened_month", "seq")',
  'CREATE INDEX "IDX_cases_status_page" ON "cases" ("status", "opened_month", "seq")',
  'CREATE INDEX "IDX_cases_page" ON "cases" ("opened_month", "seq")',
  'CREATE INDEX "IDX_cases_statistics" ON "cases" ("opened_year", "identification_status", "sex", "age_group", "citizenship_group", "exploitation_group", "exploitation_form", "industry", "registering_org_type", "assisted")',
  'CREATE UNIQUE INDEX "IDX_cases_id" ON "cases" ("id")',
  'CREATE TABLE "case_exploitations" ("seq" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "case_seq" integer NOT NULL, "position" integer NOT NULL, "form" varchar(40) NOT NULL, "sexual_type" varchar(32), "industry" varchar(2), "country" varchar(2) NOT NULL, "from_month" varchar(7), "to_month" varchar(7), "means_of_control" varchar(400) NOT NULL, "online_facilitated" boolean)',
  'CREATE INDEX "IDX_exploitations_form" ON "case_exploitations" ("form", "case_seq")',
  'CREATE INDEX "IDX_exploitations_case" ON "case_exploitations" ("case_seq", "position")',
  'CREATE TABLE "trafficking_events" ("seq" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "case_seq" integer NOT NULL, "position" integer NOT NULL, "type" varchar(16) NOT NULL, "country" varchar(2) NOT NULL, "nuts2" varchar(8), "month" varchar(7))',
  'CREATE INDEX "IDX_events_route" ON "trafficking_events" ("type", "country")',
  'CREATE INDEX "IDX_events_case" ON "trafficking_events" ("case_seq", "position")',
  'CREATE TABLE "indicator_observations" ("seq" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "case_seq" integer NOT NULL, "position" integer NOT NULL, "indicator" varchar(40) NOT NULL, "observed_by_org_type" varchar(32) NOT NULL, "month" varchar(7) NOT NULL)',
  'CREATE INDEX "IDX_indicators_case" ON "indicator_observations" ("case_seq", "position")',
  'CREATE TABLE "assistance_episodes" ("seq" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "case_seq" integer NOT NULL, "position" integer NOT NULL, "type" varchar(40) NOT NULL, "provider_org_type" varchar(32) NOT NULL, "status" varchar(12) NOT NULL, "start_month" varchar(7) NOT NULL, "end_month" varchar(7))',
  'CREATE INDEX "IDX_assistance_case" ON "assistance_episodes" ("case_seq", "position")',
  'CREATE TABLE "person_identities" ("case_seq" integer PRIMARY KEY NOT NULL, "family_name" varchar(120) NOT NULL, "given_names" varchar(120) NOT NULL, "birth_year_month" varchar(7), "national_id_number" varchar(40), "travel_document_number" varchar(40))',
  'CREATE TABLE "case_links" ("seq" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "id" varchar(48) NOT NULL, "owned" boolean NOT NULL, "case_seq" integer NOT NULL, "case_id" varchar(48) NOT NULL, "foreign_case_id" varchar(48) NOT NULL, "foreign_country" varchar(2) NOT NULL, "basis" varchar(20) NOT NULL, "confirmed_by" varchar(16) NOT NULL, "created_month" varchar(7) NOT NULL)',
  'CREATE INDEX "IDX_case_links_owned" ON "case_links" ("owned", "foreign_country", "created_month")',
  'CREATE INDEX "IDX_case_links_case" ON "case_links" ("case_seq")',
  'CREATE UNIQUE INDEX "IDX_case_links_id" ON "case_links" ("id")',
  'CREATE TABLE "referrals" ("seq" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "id" varchar(48) NOT NULL, "case_seq" integer NOT NULL, "case_id" varchar(48) NOT NULL, "to_country" varchar(2) NOT NULL, "from_contact_id" varchar(80) NOT NULL, "to_contact_id" varchar(80) NOT NULL, "reason" varchar(40) NOT NULL, "urgency" varchar(12) NOT NULL, "purpose" varchar(40) NOT NULL, "legal_basis" varchar(24) NOT NULL, "payload" text NOT NULL, "consent_recorded" boolean NOT NULL, "status" varchar(12) NOT NULL, "year" integer NOT NULL, "sent_at" varchar(24), "responded_at" varchar(24), "response_note" varchar(280), "destination_case_id" varchar(48), "expires_at" varchar(24) NOT NULL)',
  'CREATE INDEX "IDX_referrals_year" ON "referrals" ("year")',
  'CREATE INDEX "IDX_referrals_to" ON "referrals" ("to_country", "status")',
  'CREATE INDEX "IDX_referrals_case" ON "referrals" ("case_seq")',
  'CREATE UNIQUE INDEX "IDX_referrals_id" ON "referrals" ("id")',
];

const POSTGRES = [
  'CREATE TABLE "cases" ("seq" SERIAL NOT NULL, "id" character varying(48) NOT NULL, "opened_year" integer NOT NULL, "opened_month" character varying(7) NOT NULL, "closed_month" character varying(7), "status" character varying(24) NOT NULL, "registering_org_type" character varying(32) NOT NULL, "sex" character varying(8) NOT NULL, "age_band" character varying(10) NOT NULL, "age_group" character varying(8) NOT NULL, "minor_at_exploitation" boolean, "citizenship" character varying(64) NOT NULL, "citizenship_group" character varying(20) NOT NULL, "migration_status" character varying(40), "recruiter_relationship" character varying(20), "recruitment_methods" character varying(255) NOT NULL, "accompanied_children_count" integer, "languages" character varying(64) NOT NULL, "identification_status" character varying(28) NOT NULL, "decided_by_org_type" character varying(28) NOT NULL, "decided_month" character varying(7), "reflection_period_ends_month" character varying(7), "exploitation_form" character varying(40) NOT NULL, "exploitation_group" character varying(28) NOT NULL, "industry" character varying(2) NOT NULL, "has_perpetrator_summary" boolean NOT NULL, "perpetrator_count" integer, "perpetrator_roles" character varying(255) NOT NULL, "legal_person_involved" boolean, "criminal_investigation_opened" boolean, "legal_basis_national" character varying(64), "safety_risk_level" character varying(12) NOT NULL, "assisted" boolean NOT NULL, "origin_referral_id" character varying(48), "has_links" boolean NOT NULL, "synthetic" boolean NOT NULL, CONSTRAINT "PK_a5b56e2aee5783296ee7e687ecc" PRIMARY KEY ("seq"))',
  'CREATE INDEX "IDX_cases_origin_referral" ON "cases"  ("origin_referral_id")',
  'CREATE INDEX "IDX_cases_reflection" ON "cases"  ("reflection_period_ends_month")',
  'CREATE INDEX "IDX_cases_links_page" ON "cases"  ("has_links", "opened_month", "seq")',
  'CREATE INDEX "IDX_cases_minor_page" ON "cases"  ("minor_at_exploitation", "opened_month", "seq")',
  'CREATE INDEX "IDX_cases_identification_page" ON "cases"  ("identification_status", "opened_month", "seq")',
  'CREATE INDEX "IDX_cases_status_page" ON "cases"  ("status", "opened_month", "seq")',
  'CREATE INDEX "IDX_cases_page" ON "cases"  ("opened_month", "seq")',
  'CREATE INDEX "IDX_cases_statistics" ON "cases"  ("opened_year", "identification_status", "sex", "age_group", "citizenship_group", "exploitation_group", "exploitation_form", "industry", "registering_org_type", "assisted")',
  'CREATE UNIQUE INDEX "IDX_cases_id" ON "cases"  ("id")',
  'CREATE TABLE "case_exploitations" ("seq" SERIAL NOT NULL, "case_seq" integer NOT NULL, "position" integer NOT NULL, "form" character varying(40) NOT NULL, "sexual_type" character varying(32), "industry" character varying(2), "country" character varying(2) NOT NULL, "from_month" character varying(7), "to_month" character varying(7), "means_of_control" character varying(400) NOT NULL, "online_facilitated" boolean, CONSTRAINT "PK_7e0bf912013555e0062f5998f68" PRIMARY KEY ("seq"))',
  'CREATE INDEX "IDX_exploitations_form" ON "case_exploitations"  ("form", "case_seq")',
  'CREATE INDEX "IDX_exploitations_case" ON "case_exploitations"  ("case_seq", "position")',
  'CREATE TABLE "trafficking_events" ("seq" SERIAL NOT NULL, "case_seq" integer NOT NULL, "position" integer NOT NULL, "type" character varying(16) NOT NULL, "country" character varying(2) NOT NULL, "nuts2" character varying(8), "month" character varying(7), CONSTRAINT "PK_52807982338e0e2d6764fc11ccd" PRIMARY KEY ("seq"))',
  'CREATE INDEX "IDX_events_route" ON "trafficking_events"  ("type", "country")',
  'CREATE INDEX "IDX_events_case" ON "trafficking_events"  ("case_seq", "position")',
  'CREATE TABLE "indicator_observations" ("seq" SERIAL NOT NULL, "case_seq" integer NOT NULL, "position" integer NOT NULL, "indicator" character varying(40) NOT NULL, "observed_by_org_type" character varying(32) NOT NULL, "month" character varying(7) NOT NULL, CONSTRAINT "PK_46ff5d53fe46931ad1c29974a56" PRIMARY KEY ("seq"))',
  'CREATE INDEX "IDX_indicators_case" ON "indicator_observations"  ("case_seq", "position")',
  'CREATE TABLE "assistance_episodes" ("seq" SERIAL NOT NULL, "case_seq" integer NOT NULL, "position" integer NOT NULL, "type" character varying(40) NOT NULL, "provider_org_type" character varying(32) NOT NULL, "status" character varying(12) NOT NULL, "start_month" character varying(7) NOT NULL, "end_month" character varying(7), CONSTRAINT "PK_997a31f116a23aa5b881cd9485c" PRIMARY KEY ("seq"))',
  'CREATE INDEX "IDX_assistance_case" ON "assistance_episodes"  ("case_seq", "position")',
  'CREATE TABLE "person_identities" ("case_seq" integer NOT NULL, "family_name" character varying(120) NOT NULL, "given_names" character varying(120) NOT NULL, "birth_year_month" character varying(7), "national_id_number" character varying(40), "travel_document_number" character varying(40), CONSTRAINT "PK_126f4204ffa062d5c513e23e498" PRIMARY KEY ("case_seq"))',
  'CREATE TABLE "case_links" ("seq" SERIAL NOT NULL, "id" character varying(48) NOT NULL, "owned" boolean NOT NULL, "case_seq" integer NOT NULL, "case_id" character varying(48) NOT NULL, "foreign_case_id" character varying(48) NOT NULL, "foreign_country" character varying(2) NOT NULL, "basis" character varying(20) NOT NULL, "confirmed_by" character varying(16) NOT NULL, "created_month" character varying(7) NOT NULL, CONSTRAINT "PK_755814e8b0d2f616fb679d01a7a" PRIMARY KEY ("seq"))',
  'CREATE INDEX "IDX_case_links_owned" ON "case_links"  ("owned", "foreign_country", "created_month")',
  'CREATE INDEX "IDX_case_links_case" ON "case_links"  ("case_seq")',
  'CREATE UNIQUE INDEX "IDX_case_links_id" ON "case_links"  ("id")',
  'CREATE TABLE "referrals" ("seq" SERIAL NOT NULL, "id" character varying(48) NOT NULL, "case_seq" integer NOT NULL, "case_id" character varying(48) NOT NULL, "to_country" character varying(2) NOT NULL, "from_contact_id" character varying(80) NOT NULL, "to_contact_id" character varying(80) NOT NULL, "reason" character varying(40) NOT NULL, "urgency" character varying(12) NOT NULL, "purpose" character varying(40) NOT NULL, "legal_basis" character varying(24) NOT NULL, "payload" text NOT NULL, "consent_recorded" boolean NOT NULL, "status" character varying(12) NOT NULL, "year" integer NOT NULL, "sent_at" character varying(24), "responded_at" character varying(24), "response_note" character varying(280), "destination_case_id" character varying(48), "expires_at" character varying(24) NOT NULL, CONSTRAINT "PK_df5a6d6c75ef9680c85c4d8c0ba" PRIMARY KEY ("seq"))',
  'CREATE INDEX "IDX_referrals_year" ON "referrals"  ("year")',
  'CREATE INDEX "IDX_referrals_to" ON "referrals"  ("to_country", "status")',
  'CREATE INDEX "IDX_referrals_case" ON "referrals"  ("case_seq")',
  'CREATE UNIQUE INDEX "IDX_referrals_id" ON "referrals"  ("id")',
];

const DROP = [
  'DROP TABLE "referrals"',
  'DROP TABLE "case_links"',
  'DROP TABLE "person_identities"',
  'DROP TABLE "assistance_episodes"',
  'DROP TABLE "indicator_observations"',
  'DROP TABLE "trafficking_events"',
  'DROP TABLE "case_exploitations"',
  'DROP TABLE "cases"',
];

export class InitialNationalSchema1764374400000 implements MigrationInterface {
  name = 'InitialNationalSchema1764374400000';

  up(queryRunner: QueryRunner): Promise<void> {
    return runDialectStatements(queryRunner, { sqlite: SQLITE, postgres: POSTGRES });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DROP) await queryRunner.query(statement);
  }
}
