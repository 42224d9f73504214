import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A functional contact point; its country is its organisation's. */
@Entity({ name: 'contact_points' })
@Index('IDX_contact_points_organisation', ['organisationId'])
@Index('IDX_contact_points_role', ['role'])
export class ContactPointRow {
  @PrimaryColumn({ type: 'varchar', length: 80, primaryKeyConstraintName: 'PK_contact_points' })
  id!: string;

  @Column({ type: 'varchar', length: 80 })
  organisationId!: string;

  @Column({ type: 'varchar', length: 32 })
  role!: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  functionalEmail!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone!: string | null;

  /** ISO 639-1 codes, comma-separated (e.g. "nb,nn,en"). */
  @Column({ type: 'varchar', length: 64 })
  languages!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  availability!: string | null;

  @Column({ type: 'varchar', length: 32 })
  secureChannel!: string;
}
