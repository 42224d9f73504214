import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** This country's side of a cross-border case link; the other country stores the mirror with the same id. */
@Entity({ name: 'case_links' })
@Index('IDX_case_links_id', ['id'], { unique: true })
@Index('IDX_case_links_case', ['caseSeq'])
@Index('IDX_case_links_owned', ['owned', 'foreignCountry', 'createdMonth'])
export class CaseLinkRow {
  @PrimaryGeneratedColumn()
  seq!: number;

  @Column({ type: 'varchar', length: 48 })
  id!: string;

  /** True when this country proposed the link (the id's prefix): it answers for the link entity. */
  @Column({ type: 'boolean' })
  owned!: boolean;

  @Column({ type: 'integer' })
  caseSeq!: number;

  @Column({ type: 'varchar', length: 48 })
  caseId!: string;

  @Column({ type: 'varchar', length: 48 })
  foreignCaseId!: string;

  @Column({ type: 'varchar', length: 2 })
  foreignCountry!: string;

  @Column({ type: 'varchar', length: 20 })
  basis!: string;

  @Column({ type: 'varchar', length: 16 })
  confirmedBy!: string;

  @Column({ type: 'varchar', length: 7 })
  createdMonth!: string;
}
