import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A referral this country sent. Timestamps are ISO 8601 UTC strings (portable across SQLite and PostgreSQL). */
@Entity({ name: 'referrals' })
@Index('IDX_referrals_id', ['id'], { unique: true })
@Index('IDX_referrals_case', ['caseSeq'])
@Index('IDX_referrals_to', ['toCountry', 'status'])
@Index('IDX_referrals_year', ['year'])
export class ReferralRow {
  @PrimaryGeneratedColumn()
  seq!: number;

  @Column({ type: 'varchar', length: 48 })
  id!: string;

  @Column({ type: 'integer' })
  caseSeq!: number;

  @Column({ type: 'varchar', length: 48 })
  caseId!: string;

  @Column({ type: 'varchar', length: 2 })
  toCountry!: string;

  @Column({ type: 'varchar', length: 80 })
  fromContactId!: string;

  @Column({ type: 'varchar', length: 80 })
  toContactId!: string;

  /** The receiving country's organisation the referral is addressed to (directory id); null: its coordinators. */
  @Column({ type: 'varchar', length: 80, nullable: true })
  toOrgId!: string | null;

  @Column({ type: 'varchar', length: 40 })
  reason!: string;

  @Column({ type: 'varchar', length: 12 })
  urgency!: string;

  @Column({ type: 'varchar', length: 40 })
  purpose!: string;

  @Column({ type: 'varchar', length: 24 })
  legalBasis!: string;

  /** The minimised snapshot shared with the receiver (JSON of ReferralPayload). */
  @Column({ type: 'text' })
  payload!: string;

  @Column({ type: 'boolean' })
  consentRecorded!: boolean;

  @Column({ type: 'varchar', length: 12 })
  status!: string;

  /** Year the referral was sent (or created), for CROSS_BORDER_REFERRALS statistics. */
  @Column({ type: 'integer' })
  year!: number;

  @Column({ type: 'varchar', length: 24, nullable: true })
  sentAt!: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  respondedAt!: string | null;

  @Column({ type: 'varchar', length: 280, nullable: true })
  responseNote!: string | null;

  @Column({ type: 'varchar', length: 48, nullable: true })
  destinationCaseId!: string | null;

  @Column({ type: 'varchar', length: 24 })
  expiresAt!: string;

  /**
   * An acceptance in progress: the receiving country is opening its case (see
   * `ReferralWrites.actOnReferral`). The attempt's token, and until when (ISO 8601) it holds off a
   * decline or a withdrawal.
   */
  @Column({ type: 'varchar', length: 36, nullable: true })
  acceptanceToken!: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  acceptanceUntil!: string | null;

  /** When the reminder that it is unanswered was sent (REFERRAL_REMINDER_DAYS); null: not yet. */
  @Column({ type: 'varchar', length: 24, nullable: true })
  remindedAt!: string | null;

  /** When the notice that it expires soon was sent (REFERRAL_EXPIRY_WARNING_HOURS); null: not yet. */
  @Column({ type: 'varchar', length: 24, nullable: true })
  expiryWarnedAt!: string | null;

  /** Cell-key perturbation: this referral's random key in [0, 2^31), never published (docs/disclosure-control.md). */
  @Column({ type: 'integer' })
  recordKey!: number;
}
