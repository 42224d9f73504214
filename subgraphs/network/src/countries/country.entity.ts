import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A directory entry of the network (member country or territory), with its organisations by id. */
@Entity({ name: 'countries' })
export class CountryRow {
  @PrimaryColumn({ type: 'varchar', length: 2, primaryKeyConstraintName: 'PK_countries' })
  code!: string;

  @Column({ type: 'varchar', length: 80 })
  name!: string;

  @Column({ type: 'varchar', length: 80 })
  nameLocal!: string;

  @Column({ type: 'boolean' })
  euMember!: boolean;

  @Column({ type: 'boolean' })
  boundByDirective2011_36!: boolean;

  @Column({ type: 'boolean' })
  coeConventionParty!: boolean;

  @Column({ type: 'boolean' })
  connected!: boolean;

  @Column({ type: 'varchar', length: 80, nullable: true })
  nationalCoordinatorId!: string | null;

  @Column({ type: 'varchar', length: 80, nullable: true })
  nationalRapporteurId!: string | null;

  @Column({ type: 'varchar', length: 80, nullable: true })
  assistanceSystemId!: string | null;
}
