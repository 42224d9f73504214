import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The label of one code-list value in one language (CountryCode names come from ICU, not from here). */
@Entity({ name: 'code_list_labels' })
@Index('IDX_code_list_labels_entry', ['listName', 'code', 'lang'], { unique: true })
export class CodeListLabelRow {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_code_list_labels' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  listName!: string;

  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 8 })
  lang!: string;

  @Column({ type: 'varchar', length: 255 })
  text!: string;
}
