import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A public body or NGO of the directory; `parentId` names another organisation. */
@Entity({ name: 'organisations' })
@Index('IDX_organisations_country_type', ['country', 'type'])
@Index('IDX_organisations_type', ['type'])
export class OrganisationRow {
  @PrimaryColumn({ type: 'varchar', length: 80, primaryKeyConstraintName: 'PK_organisations' })
  id!: string;

  @Column({ type: 'varchar', length: 2 })
  country!: string;

  @Column({ type: 'varchar', length: 160 })
  name!: string;

  @Column({ type: 'varchar', length: 160, nullable: true })
  nameLocal!: string | null;

  @Column({ type: 'varchar', length: 32 })
  type!: string;

  @Column({ type: 'varchar', length: 80, nullable: true })
  parentId!: string | null;
}
