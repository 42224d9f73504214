import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One case row of this country's store. Statistics dimensions of the main exploitation are kept on
 * the row (denormalised) so that aggregations are one GROUP BY over one covering index.
 * Multi-valued code lists are stored comma-separated: they are only ever read back whole.
 */
@Entity({ name: 'cases' })
@Index('IDX_cases_id', ['id'], { unique: true })
@Index('IDX_cases_statistics', [
  'openedYear',
  'identificationStatus',
  'sex',
  'ageGroup',
  'citizenshipGroup',
  'exploitationGroup',
  'exploitationForm',
  'industry',
  'registeringOrgType',
  'assisted',
  'recordKey',
])
@Index('IDX_cases_page', ['openedMonth', 'seq'])
@Index('IDX_cases_status_page', ['status', 'openedMonth', 'seq'])
@Index('IDX_cases_identification_page', ['identificationStatus', 'openedMonth', 'seq'])
@Index('IDX_cases_minor_page', ['minorAtExploitation', 'openedMonth', 'seq'])
@Index('IDX_cases_links_page', ['hasLinks', 'openedMonth', 'seq'])
@Index('IDX_cases_reflection', ['reflectionPeriodEndsMonth'])
@Index('IDX_cases_origin_referral', ['originReferralId'])
@Index('IDX_cases_org_page', ['responsibleOrgId', 'openedMonth', 'seq'])
export class CaseRow {
  @PrimaryGeneratedColumn()
  seq!: number;

  @Column({ type: 'varchar', length: 48 })
  id!: string;

  @Column({ type: 'integer' })
  openedYear!: number;

  @Column({ type: 'varchar', length: 7 })
  openedMonth!: string;

  @Column({ type: 'varchar', length: 7, nullable: true })
  closedMonth!: string | null;

  @Column({ type: 'varchar', length: 24 })
  status!: string;

  @Column({ type: 'varchar', length: 32 })
  registeringOrgType!: string;

  @Column({ type: 'varchar', length: 8 })
  sex!: string;

  @Column({ type: 'varchar', length: 10 })
  ageBand!: string;

  @Column({ type: 'varchar', length: 8 })
  ageGroup!: string;

  @Column({ type: 'boolean', nullable: true })
  minorAtExploitation!: boolean | null;

  @Column({ type: 'varchar', length: 64 })
  citizenship!: string;

  @Column({ type: 'varchar', length: 20 })
  citizenshipGroup!: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  migrationStatus!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  recruiterRelationship!: string | null;

  @Column({ type: 'varchar', length: 255 })
  recruitmentMethods!: string;

  @Column({ type: 'integer', nullable: true })
  accompaniedChildrenCount!: number | null;

  @Column({ type: 'varchar', length: 64 })
  languages!: string;

  @Column({ type: 'varchar', length: 28 })
  identificationStatus!: string;

  @Column({ type: 'varchar', length: 28 })
  decidedByOrgType!: string;

  @Column({ type: 'varchar', length: 7, nullable: true })
  decidedMonth!: string | null;

  @Column({ type: 'varchar', length: 7, nullable: true })
  reflectionPeriodEndsMonth!: string | null;

  /** Main form of exploitation (the first), for statistics. */
  @Column({ type: 'varchar', length: 40 })
  exploitationForm!: string;

  @Column({ type: 'varchar', length: 28 })
  exploitationGroup!: string;

  /** ISIC section of the main exploitation, or '' when none (kept non-null so it can sit in the statistics index). */
  @Column({ type: 'varchar', length: 2 })
  industry!: string;

  @Column({ type: 'boolean' })
  hasPerpetratorSummary!: boolean;

  @Column({ type: 'integer', nullable: true })
  perpetratorCount!: number | null;

  @Column({ type: 'varchar', length: 255 })
  perpetratorRoles!: string;

  @Column({ type: 'boolean', nullable: true })
  legalPersonInvolved!: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  criminalInvestigationOpened!: boolean | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  legalBasisNational!: string | null;

  @Column({ type: 'varchar', length: 12 })
  safetyRiskLevel!: string;

  /** Whether any assistance episode exists (NEW_ASSISTANCE_CLIENTS). */
  @Column({ type: 'boolean' })
  assisted!: boolean;

  /** Global id of the foreign referral this case was opened from. */
  @Column({ type: 'varchar', length: 48, nullable: true })
  originReferralId!: string | null;

  /** Global id of the organisation responsible for the case: its assistance caseworkers see it (DOMAIN §4.2). */
  @Column({ type: 'varchar', length: 80, nullable: true })
  responsibleOrgId!: string | null;

  @Column({ type: 'boolean' })
  hasLinks!: boolean;

  @Column({ type: 'boolean' })
  synthetic!: boolean;

  /** Cell-key perturbation: this case's random key in [0, 2^31), never published (docs/disclosure-control.md). */
  @Column({ type: 'integer' })
  recordKey!: number;

  /** Optimistic concurrency: 1 when registered, one more with every write of the case's contents. */
  @Column({ type: 'integer', default: 1 })
  version!: number;
}

@Entity({ name: 'case_exploitations' })
@Index('IDX_exploitations_case', ['caseSeq', 'position'])
@Index('IDX_exploitations_form', ['form', 'caseSeq'])
export class ExploitationRow {
  @PrimaryGeneratedColumn()
  seq!: number;

  @Column({ type: 'integer' })
  caseSeq!: number;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 40 })
  form!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  sexualType!: string | null;

  @Column({ type: 'varchar', length: 2, nullable: true })
  industry!: string | null;

  @Column({ type: 'varchar', length: 2 })
  country!: string;

  @Column({ type: 'varchar', length: 7, nullable: true })
  fromMonth!: string | null;

  @Column({ type: 'varchar', length: 7, nullable: true })
  toMonth!: string | null;

  @Column({ type: 'varchar', length: 400 })
  meansOfControl!: string;

  @Column({ type: 'boolean', nullable: true })
  onlineFacilitated!: boolean | null;
}

@Entity({ name: 'trafficking_events' })
@Index('IDX_events_case', ['caseSeq', 'position'])
@Index('IDX_events_route', ['type', 'country'])
export class TraffickingEventRow {
  @PrimaryGeneratedColumn()
  seq!: number;

  @Column({ type: 'integer' })
  caseSeq!: number;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 16 })
  type!: string;

  @Column({ type: 'varchar', length: 2 })
  country!: string;

  @Column({ type: 'varchar', length: 8, nullable: true })
  nuts2!: string | null;

  @Column({ type: 'varchar', length: 7, nullable: true })
  month!: string | null;
}

@Entity({ name: 'indicator_observations' })
@Index('IDX_indicators_case', ['caseSeq', 'position'])
export class IndicatorRow {
  @PrimaryGeneratedColumn()
  seq!: number;

  @Column({ type: 'integer' })
  caseSeq!: number;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 40 })
  indicator!: string;

  @Column({ type: 'varchar', length: 32 })
  observedByOrgType!: string;

  @Column({ type: 'varchar', length: 7 })
  month!: string;
}

@Entity({ name: 'assistance_episodes' })
@Index('IDX_assistance_case', ['caseSeq', 'position'])
export class AssistanceRow {
  @PrimaryGeneratedColumn()
  seq!: number;

  @Column({ type: 'integer' })
  caseSeq!: number;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 40 })
  type!: string;

  @Column({ type: 'varchar', length: 32 })
  providerOrgType!: string;

  @Column({ type: 'varchar', length: 12 })
  status!: string;

  @Column({ type: 'varchar', length: 7 })
  startMonth!: string;

  @Column({ type: 'varchar', length: 7, nullable: true })
  endMonth!: string | null;
}
