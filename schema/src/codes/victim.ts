import { codeList } from './codeList';

export const Sex = codeList('Sex', ['FEMALE', 'MALE', 'UNKNOWN'] as const, {
  description: 'Sex as reported across borders (gender identity stays in the national record).',
  source: 'Eurostat crim_thb_vsage',
});
export type Sex = (typeof Sex)[keyof typeof Sex];

export const AgeBand = codeList(
  'AgeBand',
  [
    'A0_8',
    'A9_17',
    'A18_20',
    'A21_23',
    'A24_26',
    'A27_29',
    'A30_38',
    'A39_47',
    'A48_PLUS',
    'UNKNOWN',
  ] as const,
  { description: 'Age band at identification (never an exact date of birth).', source: 'CTDC ageBroad' },
);
export type AgeBand = (typeof AgeBand)[keyof typeof AgeBand];

/** Ages in whole years at identification that each band covers (A48_PLUS has no upper bound). */
export const AGE_BAND_YEARS: Readonly<Record<Exclude<AgeBand, 'UNKNOWN'>, readonly [number, number]>> = {
  A0_8: [0, 8],
  A9_17: [9, 17],
  A18_20: [18, 20],
  A21_23: [21, 23],
  A24_26: [24, 26],
  A27_29: [27, 29],
  A30_38: [30, 38],
  A39_47: [39, 47],
  A48_PLUS: [48, Number.POSITIVE_INFINITY],
};

export const EurostatAgeGroup = codeList('EurostatAgeGroup', ['CHILD', 'ADULT', 'UNKNOWN'] as const, {
  description: 'Child (under 18) or adult, derived from AgeBand.',
  source: 'Eurostat crim_thb_vsage',
});
export type EurostatAgeGroup = (typeof EurostatAgeGroup)[keyof typeof EurostatAgeGroup];

export function ageGroupOf(band: AgeBand): EurostatAgeGroup {
  if (band === 'UNKNOWN') return 'UNKNOWN';
  return band === 'A0_8' || band === 'A9_17' ? 'CHILD' : 'ADULT';
}

export const CitizenshipGroup = codeList(
  'CitizenshipGroup',
  ['REPORTING_COUNTRY', 'OTHER_NORDIC', 'OTHER_EU', 'NON_EU', 'UNKNOWN'] as const,
  {
    description:
      "Citizenship relative to the reporting country. OTHER_NORDIC is the network's extra roll-up of a Nordic citizenship other than the reporting country's; Eurostat folds it into OTHER_EU or NON_EU.",
    source: 'Eurostat crim_thb (citizenship: reporting country / other EU / non-EU)',
  },
);
export type CitizenshipGroup = (typeof CitizenshipGroup)[keyof typeof CitizenshipGroup];

export const MigrationStatus = codeList(
  'MigrationStatus',
  [
    'CITIZEN',
    'EU_EEA_NORDIC_RESIDENT',
    'LABOUR_MIGRANT',
    'STUDENT',
    'FAMILY_MIGRANT',
    'VISITOR',
    'IRREGULAR',
    'ASYLUM_SEEKER',
    'REFUGEE',
    'COMPLEMENTARY_PROTECTION',
    'TEMPORARY_PROTECTION',
    'STATELESS',
    'UNACCOMPANIED_OR_SEPARATED_CHILD',
    'RETURNEE',
    'UNKNOWN',
  ] as const,
  {
    description: "The victim's migration or protection status.",
    source: 'HTCDS v2.0 migration guidance; FI NAS (temporary protection)',
  },
);
export type MigrationStatus = (typeof MigrationStatus)[keyof typeof MigrationStatus];

export const IdentificationStatus = codeList(
  'IdentificationStatus',
  ['POTENTIAL', 'PRESUMED', 'IDENTIFIED', 'NOT_A_VICTIM', 'DECLINED_IDENTIFICATION'] as const,
  {
    description:
      'Two-stage identification: POTENTIAL (indicators only), PRESUMED (reasonable grounds), IDENTIFIED (formal or conclusive decision). Eurostat "registered victims" are PRESUMED + IDENTIFIED + DECLINED_IDENTIFICATION.',
    source: 'HTCDS vic_TraffickingStatus; Eurostat crim_thb; Council of Europe CETS 197 Art. 10 and 13',
  },
);
export type IdentificationStatus = (typeof IdentificationStatus)[keyof typeof IdentificationStatus];

export const DecisionOrgType = codeList(
  'DecisionOrgType',
  ['POLICE', 'NGO', 'COURT_OR_PROSECUTION', 'NON_POLICE_GOVERNMENT', 'OTHER'] as const,
  {
    description: 'Type of organisation that decided the identification status.',
    source: 'HTCDS v2.0 vic_TraffickingStatusDecisionMakingOrg',
  },
);
export type DecisionOrgType = (typeof DecisionOrgType)[keyof typeof DecisionOrgType];
