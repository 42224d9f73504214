import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The first result of each idempotent write: a retry with the same key by the same caller for the
 * same request gets that result instead of acting again. The unique index makes a concurrent retry
 * fail rather than act twice. Cross-border steps use the subject `*` with the foreign record's id as
 * the key (one case per accepted referral, one mirror per confirmed link).
 */
@Entity({ name: 'idempotency_keys' })
@Index('IDX_idempotency_keys_scope', ['subject', 'operation', 'idempotencyKey'], { unique: true })
export class IdempotencyKeyRow {
  @PrimaryGeneratedColumn()
  seq!: number;

  /** Home country and pseudonymous subject of the caller, e.g. "SE:se-coordinator-1". */
  @Column({ type: 'varchar', length: 140 })
  subject!: string;

  @Column({ type: 'varchar', length: 40 })
  operation!: string;

  @Column({ type: 'varchar', length: 80 })
  idempotencyKey!: string;

  /** SHA-256 of the request's arguments: the same key with other arguments is refused. */
  @Column({ type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ type: 'varchar', length: 48 })
  resultId!: string;

  @Column({ type: 'varchar', length: 24 })
  createdAt!: string;
}
