import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One person-match request made from this country, with its written justification (DOMAIN §4.4 guard
 * rails). Kept in the owning country only — free text never crosses a border; the audit events of the
 * request (here and in each answering country) share its trace id. Also the basis of the per-subject
 * rate limit, so the limit holds across restarts and replicas.
 */
@Entity({ name: 'match_requests' })
@Index('IDX_match_requests_actor', ['actorId', 'at'])
export class MatchRequestRow {
  @PrimaryGeneratedColumn()
  seq!: number;

  /** ISO 8601 UTC with milliseconds. */
  @Column({ type: 'varchar', length: 24 })
  at!: string;

  /** Pseudonymous subject of the requester. */
  @Column({ type: 'varchar', length: 128 })
  actorId!: string;

  @Column({ type: 'varchar', length: 48 })
  caseId!: string;

  @Column({ type: 'varchar', length: 40 })
  purpose!: string;

  @Column({ type: 'varchar', length: 500 })
  justification!: string;

  @Column({ type: 'varchar', length: 64 })
  traceId!: string;
}
