import type { MigrationInterface, QueryRunner } from 'typeorm';
import { runDialectStatements } from './dialectStatements';

/**
 * `import_references`: the keyed hash of each imported record's source reference, its case and the hash
 * of its content (bulk import, docs/national-teams.md). Generated once per dialect with TypeORM's schema
 * builder, then frozen.
 */
const SQLITE = [
  'CREATE TABLE "import_references" ("reference_hash" varchar(64) PRIMARY KEY NOT NULL, "case_seq" integer NOT NULL, "content_hash" varchar(64) NOT NULL)',
  'CREATE UNIQUE INDEX "IDX_import_references_case" ON "import_references" ("case_seq") ',
];

const POSTGRES = [
  'CREATE TABLE "import_references" ("reference_hash" character varying(64) NOT NULL, "case_seq" integer NOT NULL, "content_hash" character varying(64) NOT NULL, CONSTRAINT "PK_import_references" PRIMARY KEY ("reference_hash"))',
  'CREATE UNIQUE INDEX "IDX_import_references_case" ON "import_references"  ("case_seq") ',
];

export class ImportReferences1797100000000 implements MigrationInterface {
  name = 'ImportReferences1797100000000';

  up(queryRunner: QueryRunner): Promise<void> {
    return runDialectStatements(queryRunner, { sqlite: SQLITE, postgres: POSTGRES });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "import_references"');
  }
}
