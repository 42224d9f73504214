import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Keyed-hash match tokens of the person of each case (national-only, like `person_identities`): no
 * contract field returns them. Recomputed at start when the configured key version differs.
 */
@Entity({ name: 'match_tokens' })
@Index('IDX_match_tokens_value', ['value'])
export class MatchTokenRow {
  @PrimaryColumn({ type: 'integer' })
  caseSeq!: number;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  scheme!: string;

  @Column({ type: 'integer' })
  keyVersion!: number;

  /** HMAC-SHA-256, lower-case hex. */
  @Column({ type: 'varchar', length: 64 })
  value!: string;
}
