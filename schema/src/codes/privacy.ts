import { codeList } from './codeList';

export const Purpose = codeList(
  'Purpose',
  [
    'VICTIM_ASSISTANCE_CONTINUITY',
    'CROSS_BORDER_REFERRAL',
    'DUPLICATE_CHECK',
    'CRIMINAL_INVESTIGATION_SUPPORT',
    'STATISTICS',
    'INDEPENDENT_MONITORING',
    'AUDIT',
    'NETWORK_ADMIN',
  ] as const,
  {
    description: 'Declared purpose of an access to person-level data.',
    source: 'GDPR Art. 5(1)(b) purpose limitation',
  },
);
export type Purpose = (typeof Purpose)[keyof typeof Purpose];

export const LegalBasis = codeList(
  'LegalBasis',
  [
    'GDPR_6_1_C',
    'GDPR_6_1_E',
    'GDPR_9_2_G',
    'GDPR_9_2_C',
    'GDPR_10_NATIONAL_LAW',
    'LED_ART8',
    'NATIONAL_NON_EU_LAW',
  ] as const,
  {
    description: 'Legal basis of a processing or disclosure.',
    source: 'GDPR Art. 6, 9, 10; Law Enforcement Directive (EU) 2016/680 Art. 8',
  },
);
export type LegalBasis = (typeof LegalBasis)[keyof typeof LegalBasis];

export const Role = codeList(
  'Role',
  [
    'NATIONAL_COORDINATOR',
    'ASSISTANCE_CASEWORKER',
    'POLICE_LIAISON',
    'NATIONAL_RAPPORTEUR',
    'ANALYST',
    'DASHBOARD',
    'AUDITOR',
    'NETWORK_ADMIN',
    'LINKAGE_SERVICE',
  ] as const,
  {
    description: 'Role of a user or machine identity in the network.',
    source: 'Nordic network access model (DOMAIN §4.2)',
  },
);
export type Role = (typeof Role)[keyof typeof Role];

export const AuditAction = codeList(
  'AuditAction',
  [
    'READ_UNIT',
    'READ_AGGREGATE',
    'MATCH_QUERY',
    'CREATE_REFERRAL',
    'RESPOND_REFERRAL',
    'LINK_CASES',
    'ASSIGN_CASE',
    'WRITE',
    'EXPORT',
  ] as const,
  {
    description: 'Kind of access recorded in the audit log.',
    source: 'Law Enforcement Directive Art. 25 logging; Nordic network proposal',
  },
);
export type AuditAction = (typeof AuditAction)[keyof typeof AuditAction];

export const AccessOutcome = codeList('AccessOutcome', ['ALLOWED', 'DENIED'] as const, {
  description: 'Whether an access was allowed.',
  source: 'Nordic network proposal',
});
export type AccessOutcome = (typeof AccessOutcome)[keyof typeof AccessOutcome];

export const TokenScheme = codeList(
  'TokenScheme',
  ['HMAC_SHA256_EXACT_V1', 'HMAC_SHA256_TRAVEL_DOCUMENT_V1', 'BLOOM_CLK_V1'] as const,
  {
    description:
      'Scheme of a privacy-preserving record-linkage token: HMAC_SHA256_EXACT_V1 over the normalised family name, given names, birth year-month and citizenship; HMAC_SHA256_TRAVEL_DOCUMENT_V1 over the normalised travel-document number; BLOOM_CLK_V1 reserved for v2.',
    source: 'EDPB Guidelines 01/2025 on pseudonymisation; Schnell, Bachteler & Reiher 2009',
  },
);
export type TokenScheme = (typeof TokenScheme)[keyof typeof TokenScheme];
