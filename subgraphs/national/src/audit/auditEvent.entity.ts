import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One event of this country's append-only, hash-chained audit log (DOMAIN §4.5). Written only by
 * `appendAuditEvents`; never updated or deleted by the service.
 *
 * `seq` is assigned by the appender (last seq + 1 under the append lock), not by SERIAL/AUTOINCREMENT:
 * a PostgreSQL sequence is not rolled back with the transaction, so a rolled-back append would leave a
 * gap that the verifier could not tell from a deleted event. Being the primary key, it also makes a
 * forked chain impossible: two appends that read the same head cannot both commit seq N + 1.
 */
@Entity({ name: 'audit_events' })
@Index('IDX_audit_events_id', ['id'], { unique: true })
@Index('IDX_audit_events_at', ['at'])
@Index('IDX_audit_events_actor', ['actorId', 'seq'])
@Index('IDX_audit_events_actor_country', ['actorCountry', 'seq'])
@Index('IDX_audit_events_outcome', ['outcome', 'seq'])
export class AuditEventRow {
  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  /** Global id `<CC>:AuditEvent:<seq, 10 digits>`. */
  @Column({ type: 'varchar', length: 32 })
  id!: string;

  /** ISO 8601 UTC with milliseconds (`2025-03-01T12:00:00.000Z`): sorts as text. */
  @Column({ type: 'varchar', length: 24 })
  at!: string;

  /** Pseudonymous subject, resolvable to a person only in the actor's home country. */
  @Column({ type: 'varchar', length: 128 })
  actorId!: string;

  @Column({ type: 'varchar', length: 96 })
  actorOrg!: string;

  @Column({ type: 'varchar', length: 2 })
  actorCountry!: string;

  /** The role that granted the access; for a denial, the caller's first role. */
  @Column({ type: 'varchar', length: 24 })
  role!: string;

  /**
   * Every role of the caller's token, comma-separated (migration 1796700000000; '' in events written
   * before it). Not covered by `hash`: the chain's canonical JSON predates it.
   */
  @Column({ type: 'text', default: '' })
  roles!: string;

  /**
   * For a WRITE: the names of the fields it changed, comma-separated, never their values (migration
   * 1797000000001). Null for other events, so that it is left out of their hash.
   */
  @Column({ type: 'text', nullable: true })
  changedFields!: string | null;

  @Column({ type: 'varchar', length: 20 })
  action!: string;

  @Column({ type: 'varchar', length: 32 })
  entityType!: string;

  /** Comma-separated global ids, in the order the caller gave them (may be empty). */
  @Column({ type: 'text' })
  entityIds!: string;

  /** Null only for a denial that named no purpose. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  purpose!: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  legalBasis!: string | null;

  @Column({ type: 'varchar', length: 2 })
  servingCountry!: string;

  @Column({ type: 'boolean' })
  crossBorder!: boolean;

  @Column({ type: 'integer' })
  resultCount!: number;

  @Column({ type: 'varchar', length: 8 })
  outcome!: string;

  /** Short machine reason, e.g. the error code of a denial. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  reason!: string | null;

  @Column({ type: 'varchar', length: 64 })
  traceId!: string;

  @Column({ type: 'varchar', length: 64 })
  queryHash!: string;

  /** Hash of the previous event (64 zeros for the first). */
  @Column({ type: 'varchar', length: 64 })
  prevHash!: string;

  /** SHA-256 (hex) of prevHash followed by the canonical JSON of this event's fields. */
  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}

/**
 * Index of `audit_events.entity_ids`, one row per distinct entity id of an event, for "who accessed
 * this case" (an indexed equality instead of a LIKE over every event). Derived data: written in the
 * same transaction as the event, and cross-checked against the hashed `entity_ids` by the verifier,
 * so removing or adding an index row is detected like any other tampering.
 */
@Entity({ name: 'audit_event_entities' })
@Index('IDX_audit_event_entities_entity', ['entityId', 'auditSeq'])
export class AuditEventEntityRow {
  @PrimaryColumn({ type: 'integer' })
  auditSeq!: number;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  entityId!: string;
}
