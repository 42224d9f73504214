import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * National-only identity of the person in a case. It never enters the contract: no resolver of the
 * Nordic schema reads this table. It exists for national work and (later) for computing match tokens.
 */
@Entity({ name: 'person_identities' })
export class PersonIdentityRow {
  @PrimaryColumn({ type: 'integer' })
  caseSeq!: number;

  @Column({ type: 'varchar', length: 120 })
  familyName!: string;

  @Column({ type: 'varchar', length: 120 })
  givenNames!: string;

  @Column({ type: 'varchar', length: 7, nullable: true })
  birthYearMonth!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  nationalIdNumber!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  travelDocumentNumber!: string | null;
}
