import type {
  AgeBand,
  AssistanceStatus,
  CaseStatus,
  ConnectedCountry,
  CountryCode,
  DecisionOrgType,
  ExploitationForm,
  IdentificationStatus,
  Indicator,
  IsicSection,
  LegalBasis,
  LinkBasis,
  MeansOfControl,
  MigrationStatus,
  OrganisationType,
  PerpetratorRole,
  Purpose,
  RecruiterRelationship,
  RecruitmentMethod,
  ReferralReason,
  ReferralStatus,
  RiskLevel,
  Sex,
  SexualExploitationType,
  SupportType,
  TraffickingEventType,
  Urgency,
} from '@nordic/schema';

/**
 * The shape the synthetic-data generator produces: one victim's case as the national store keeps it,
 * including the national-only identity (fictional) that never enters the contract.
 */
export interface SyntheticCase {
  /** Local part of the global id: `<openedYear>-<6-digit index within the year>`, e.g. "2023-000042". */
  local: string;
  registeringOrgType: OrganisationType;
  openedMonth: string; // "YYYY-MM"
  closedMonth: string | null;
  status: CaseStatus;
  sex: Sex;
  ageBand: AgeBand;
  minorAtExploitation: boolean | null;
  citizenship: CountryCode[];
  migrationStatus: MigrationStatus | null;
  recruiterRelationship: RecruiterRelationship | null;
  recruitmentMethods: RecruitmentMethod[];
  accompaniedChildrenCount: number | null;
  /** ISO 639-1 languages the person speaks (used for referral payloads). */
  languages: string[];
  identification: {
    status: IdentificationStatus;
    decidedByOrgType: DecisionOrgType;
    decidedMonth: string | null;
    reflectionPeriodEndsMonth: string | null;
  };
  /** The first one is the main form, used by statistics. At least one. */
  exploitations: {
    form: ExploitationForm;
    sexualType: SexualExploitationType | null;
    industry: IsicSection | null;
    country: CountryCode;
    fromMonth: string | null;
    toMonth: string | null;
    meansOfControl: MeansOfControl[];
    onlineFacilitated: boolean | null;
  }[];
  events: { type: TraffickingEventType; country: CountryCode; nuts2: string | null; month: string | null }[];
  indicators: { indicator: Indicator; observedByOrgType: OrganisationType; month: string }[];
  assistance: {
    type: SupportType;
    providerOrgType: OrganisationType;
    status: AssistanceStatus;
    startMonth: string;
    endMonth: string | null;
  }[];
  perpetratorSummary: {
    count: number | null;
    roles: PerpetratorRole[];
    legalPersonInvolved: boolean | null;
    criminalInvestigationOpened: boolean | null;
  } | null;
  legalBasisNational: string | null;
  /** Safety risk, used when the case is referred. */
  safetyRiskLevel: RiskLevel;
  /** National-only, obviously fictional identity (never in the contract). */
  identity: {
    familyName: string;
    givenNames: string;
    birthYearMonth: string | null;
    /** Fictional national id number with an invalid checksum. */
    nationalIdNumber: string | null;
    travelDocumentNumber: string | null;
  };
  /** Global id of the foreign referral this case was opened from (the receiving side of an accepted referral), or null. */
  originReferralId: string | null;
  /** Global id of the organisation responsible for the case (its assistance caseworkers see it), or null. */
  responsibleOrgId: string | null;
}

/**
 * What a case row and its child rows are written from, whoever produced it (the generator, a case
 * opened from a referral, a registered or imported record): the case without its local id and identity.
 */
export type CaseContents = Omit<SyntheticCase, 'local' | 'identity'>;

/** A referral sent by the seeded country (it owns the record). */
export interface SyntheticReferral {
  /** Local part of the referral's global id, e.g. "2023-000007". */
  local: string;
  /** Local part of the origin case in the seeded country. */
  caseLocal: string;
  toCountry: ConnectedCountry;
  /** The receiving country's assistance organisation it is addressed to (the destination case's, once accepted). */
  toOrganisationId: string;
  reason: ReferralReason;
  urgency: Urgency;
  purpose: Purpose;
  legalBasis: LegalBasis;
  needs: SupportType[];
  consentRecorded: boolean;
  status: ReferralStatus;
  sentAt: Date | null;
  respondedAt: Date | null;
  responseNote: string | null;
  /** Global id of the case the receiver opened (status ACCEPTED or COMPLETED), else null. */
  destinationCaseId: string | null;
  expiresAt: Date;
}

/** The seeded country's side of a confirmed cross-border case link. Both countries store the same link id. */
export interface SyntheticLink {
  /** Global id; its country prefix is the proposing country (which owns it). */
  id: string;
  /** Local part of the seeded country's case. */
  caseLocal: string;
  /** Global id of the other country's case. */
  foreignCaseId: string;
  basis: LinkBasis;
  confirmedBy: ConnectedCountry[];
  createdMonth: string;
}

export interface SeedOptions {
  yearFrom: number;
  yearTo: number;
  /** Multiplier on the calibrated yearly volumes (1 = realistic). */
  scale: number;
}
