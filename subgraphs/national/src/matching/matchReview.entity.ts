import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A person match involving a minor that this country took part in (DOMAIN §4.4): its own request, or
 * its answer to another country's. Kept for a second coordinator's review; one row per request (trace
 * id) and side. National only, like the justification it may hold.
 */
@Entity({ name: 'match_reviews' })
@Index('IDX_match_reviews_request', ['traceId', 'requestingCountry'], { unique: true })
@Index('IDX_match_reviews_pending', ['reviewedAt', 'seq'])
export class MatchReviewRow {
  @PrimaryGeneratedColumn()
  seq!: number;

  @Column({ type: 'varchar', length: 64 })
  traceId!: string;

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
