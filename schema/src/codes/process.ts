import { codeList } from './codeList';

export const OrganisationType = codeList(
  'OrganisationType',
  [
    'NGO',
    'LAW_ENFORCEMENT',
    'HEALTH_SERVICE',
    'CENTRAL_GOVERNMENT',
    'LOCAL_GOVERNMENT',
    'IMMIGRATION_SERVICE',
    'LEGAL_SERVICE',
    'CORPORATE_BUSINESS',
    'SCHOOL_OR_COLLEGE',
    'NATIONAL_COORDINATOR',
    'NATIONAL_RAPPORTEUR',
    'ASSISTANCE_SYSTEM',
    'LABOUR_INSPECTION',
    'BORDER_GUARD',
    'PROSECUTION',
    'INTERNATIONAL_ORG',
  ] as const,
  {
    description: 'Type of organisation (also Eurostat\'s "registering organisation").',
    source: 'HTCDS v2.0 org_Type, with Nordic additions from the national structures',
  },
);
export type OrganisationType = (typeof OrganisationType)[keyof typeof OrganisationType];

export const CaseStatus = codeList(
  'CaseStatus',
  ['ACTIVE', 'FOLLOW_UP', 'CLOSED', 'CLOSED_REFERRED'] as const,
  {
    description: 'Status of a case.',
    source: 'HTCDS v2.0 cas_Status',
  },
);
export type CaseStatus = (typeof CaseStatus)[keyof typeof CaseStatus];

export const SupportType = codeList(
  'SupportType',
  [
    'EDUCATION',
    'FINANCIAL',
    'HEALTH',
    'LABOUR_EXPLOITATION_REHABILITATION',
    'LEGAL',
    'LIVELIHOOD',
    'RIGHTS_BASED_TRAINING',
    'SEXUAL_EXPLOITATION_REHABILITATION',
    'SOCIAL_CARE',
    'SAFE_ACCOMMODATION',
    'PSYCHOLOGICAL',
    'INTERPRETATION',
    'RECOVERY_REFLECTION_PERIOD',
    'RESIDENCE_PERMIT_SUPPORT',
    'ASSISTED_RETURN',
  ] as const,
  {
    description: 'Type of assistance or support.',
    source: 'HTCDS v2.0 spl_Type, with CETS 197 Art. 12-14 and Nordic return programmes',
  },
);
export type SupportType = (typeof SupportType)[keyof typeof SupportType];

export const AssistanceStatus = codeList(
  'AssistanceStatus',
  ['PLANNED', 'ACTIVE', 'ENDED', 'DECLINED'] as const,
  {
    description: 'Status of an assistance episode.',
    source: 'Nordic network proposal',
  },
);
export type AssistanceStatus = (typeof AssistanceStatus)[keyof typeof AssistanceStatus];

export const ReferralReason = codeList(
  'ReferralReason',
  [
    'ADDITIONAL_SERVICES_REQUIRED',
    'MIGRATION_OR_CHANGE_OF_LOCATION',
    'SAFE_RETURN',
    'CRIMINAL_PROCEEDINGS_SUPPORT',
    'OTHER',
  ] as const,
  {
    description: 'Why a case is referred to another country.',
    source: 'HTCDS v2.0 cas_ReasonForOutgoingReferral, with Nordic additions',
  },
);
export type ReferralReason = (typeof ReferralReason)[keyof typeof ReferralReason];

export const ReferralStatus = codeList(
  'ReferralStatus',
  ['DRAFT', 'SENT', 'RECEIVED', 'ACCEPTED', 'DECLINED', 'WITHDRAWN', 'COMPLETED', 'EXPIRED'] as const,
  { description: 'State of a cross-border referral.', source: 'Nordic network proposal' },
);
export type ReferralStatus = (typeof ReferralStatus)[keyof typeof ReferralStatus];

export const ReferralDecision = codeList('ReferralDecision', ['ACKNOWLEDGE', 'ACCEPT', 'DECLINE'] as const, {
  description:
    "The receiving country's answer to a referral: acknowledge receipt (RECEIVED), accept it (a case opens in the receiving country) or decline it.",
  source: 'Nordic network proposal',
});
export type ReferralDecision = (typeof ReferralDecision)[keyof typeof ReferralDecision];

export const ReferralDirection = codeList('ReferralDirection', ['INCOMING', 'OUTGOING'] as const, {
  description:
    'Whether referrals are listed as sent by the queried countries or as received by the counterpart.',
  source: 'Nordic network proposal',
});
export type ReferralDirection = (typeof ReferralDirection)[keyof typeof ReferralDirection];

export const Urgency = codeList('Urgency', ['ROUTINE', 'URGENT', 'IMMEDIATE'] as const, {
  description: 'How quickly a referral needs an answer.',
  source: 'Nordic network proposal',
});
export type Urgency = (typeof Urgency)[keyof typeof Urgency];

export const RiskLevel = codeList('RiskLevel', ['LOW', 'MEDIUM', 'HIGH', 'UNKNOWN'] as const, {
  description: 'Assessed safety risk to the victim.',
  source: 'HTCDS Assessment & Planning (risk), Nordic network proposal',
});
export type RiskLevel = (typeof RiskLevel)[keyof typeof RiskLevel];

export const LinkBasis = codeList(
  'LinkBasis',
  ['MATCH_TOKEN', 'REFERRAL', 'POLICE_CONFIRMED', 'MANUAL'] as const,
  {
    description: "Why two countries' cases are linked.",
    source: 'Nordic network proposal',
  },
);
export type LinkBasis = (typeof LinkBasis)[keyof typeof LinkBasis];
