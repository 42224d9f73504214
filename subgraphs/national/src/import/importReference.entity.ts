import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Which case a source system's record became (docs/national-teams.md "Importing your cases"). The
 * source system's own reference is never stored: only its keyed hash (HMAC-SHA-256 with the import
 * reference key, which lives outside the database), so the table cannot be joined back to the source
 * system without the key. Never part of the contract.
 */
@Entity({ name: 'import_references' })
@Index('IDX_import_references_case', ['caseSeq'], { unique: true })
export class ImportReferenceRow {
  /** HMAC-SHA-256 (hex) of the source reference. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  referenceHash!: string;

  @Column({ type: 'integer' })
  caseSeq!: number;

  /** SHA-256 (hex) of the record as last imported: an unchanged record is skipped on re-import. */
  @Column({ type: 'varchar', length: 64 })
  contentHash!: string;
}
