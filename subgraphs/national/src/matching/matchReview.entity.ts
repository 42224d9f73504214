import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A person match involving a minor that this country took part in (DOMAIN §4.4): its own request, or
 * its answer to another country's. Kept for a second coordinator's review: one row for every match
 * that qualifies, its identity (`seq`) given by this store — never by anything the client sent (a
 * reused or forged trace id must not fold two matches into one review). National only, like the
 * justification it may hold.
 */
@Entity({ name: 'match_reviews' })
@Index('IDX_match_reviews_trace', ['traceId'])
@Index('IDX_match_reviews_pending', ['reviewedAt', 'seq'])
export class MatchReviewRow {
  @PrimaryGeneratedColumn()
  seq!: number;

  /** The request's trace id, to find its audit events; informational only (the client may choose it). */
  @Column({ type: 'varchar', length: 64 })
  traceId!: string;

  /**
   * The match request: this country's own (`FI:MatchRequest:12`), or the asking country's as its
   * signed lookup named it. Null on reviews kept before requests had ids.
   */
  @Column({ type: 'varchar', length: 64, nullable: true })
  matchRequestId!: string | null;

  /** ISO 8601 UTC. */
  @Column({ type: 'varchar', length: 24 })
  at!: string;

  @Column({ type: 'varchar', length: 2 })
  requestingCountry!: string;

  /** Comma-separated country codes. */
  @Column({ type: 'varchar', length: 40 })
  countries!: string;

  /** Comma-separated global ids of this country's cases. */
  @Column({ type: 'text' })
  caseIds!: string;

  @Column({ type: 'varchar', length: 128 })
  requestedBy!: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  justification!: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  reviewedBy!: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  reviewedAt!: string | null;
}
