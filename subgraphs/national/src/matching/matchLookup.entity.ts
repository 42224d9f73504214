import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One token lookup this country answered for another country's person match (DOMAIN §4.4): the asking
 * country, its match request id and the signed lookup's nonce. The nonce is unique, so a signed lookup
 * is answered once (a replay is refused); the rows of the last hour are the per-asking-country rate
 * limit, so the limit holds across restarts and replicas.
 */
@Entity({ name: 'match_lookups' })
@Index('IDX_match_lookups_nonce', ['nonce'], { unique: true })
@Index('IDX_match_lookups_country', ['askingCountry', 'at'])
export class MatchLookupRow {
  @PrimaryGeneratedColumn()
  seq!: number;

  /** ISO 8601 UTC with milliseconds. */
  @Column({ type: 'varchar', length: 24 })
  at!: string;

  @Column({ type: 'varchar', length: 2 })
  askingCountry!: string;

  /** The asking country's match request id, e.g. `FI:MatchRequest:12`. */
  @Column({ type: 'varchar', length: 64 })
  requestId!: string;

  /** The signed lookup's `jti`. */
  @Column({ type: 'varchar', length: 64 })
  nonce!: string;

  /** When the signed lookup expired (ISO 8601 UTC); rows long past it only count for the rate limit. */
  @Column({ type: 'varchar', length: 24 })
  expiresAt!: string;
}
