import type {
  AgeBand,
  AssistanceStatus,
  ConnectedCountry,
  CountryCode,
  DecisionOrgType,
  ExploitationForm,
  IdentificationStatus,
  Indicator,
  IsicSection,
  MeansOfControl,
  MigrationStatus,
  OrganisationType,
  PerpetratorRole,
  RecruiterRelationship,
  RecruitmentMethod,
  RiskLevel,
  SexualExploitationType,
  SupportType,
} from '@nordic/schema';
import { AGE_BAND_YEARS } from '@nordic/schema';
import { WeightedTable } from './weightedTable';

/*
 * Calibration of the synthetic data, after docs/domain.md §5.1–5.3. Weights are relative, not percentages.
 * Where §5 cites a figure the weight follows it; everything else is a plausible guess, as §5 says.
 */

export interface CountryProfile {
  /** New cases a year at scale 1, both ends included (DOMAIN §5.2). */
  readonly yearlyCases: readonly [number, number];
  /** Relative intake per calendar month; FI peaks after the berry season (NAS referrals). */
  readonly monthWeights: readonly number[];
  readonly registeringOrg: WeightedTable<OrganisationType>;
  readonly forms: WeightedTable<ExploitationForm>;
  readonly industries: WeightedTable<IsicSection>;
  /** Includes the reporting country itself at about 2–10 % (DOMAIN §5.3). */
  readonly citizenship: WeightedTable<CountryCode>;
  /** Share of minors before the per-form factor; the realised share lands in 5–15 %. */
  readonly minorShare: number;
  /** Share of cases exploited in the registering country (FI 64 %, NAS 2023). */
  readonly domesticExploitation: number;
  readonly identification: WeightedTable<IdentificationStatus>;
  readonly decidedBy: WeightedTable<DecisionOrgType>;
  readonly observers: WeightedTable<OrganisationType>;
  readonly providers: WeightedTable<OrganisationType>;
  /** Share of cases without any assistance episode (FI: NAS registers clients, so almost none). */
  readonly unassistedShare: number;
  /** NUTS-2 regions (2021 classification) weighted roughly by population. */
  readonly nuts2: WeightedTable<string>;
  /** Region of wild-produce and berry picking (ISIC A), sparsely populated north. */
  readonly ruralNuts2: string;
  /** The national trafficking provision, as written in legalBasisNational. */
  readonly legalBasisNational: string;
  /** ISO 639-1 of the national language, for the country's own citizens. */
  readonly language: string;
}

const FLAT_MONTHS = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] as const;

export const PROFILES: Readonly<Record<ConnectedCountry, CountryProfile>> = {
  FI: {
    yearlyCases: [320, 370],
    monthWeights: [0.9, 0.85, 0.95, 0.95, 0.95, 1, 1.05, 1.25, 1.3, 1.2, 0.95, 0.75],
    registeringOrg: WeightedTable.of<OrganisationType>({
      ASSISTANCE_SYSTEM: 55,
      LAW_ENFORCEMENT: 12,
      IMMIGRATION_SERVICE: 12,
      NGO: 10,
      LOCAL_GOVERNMENT: 5,
      HEALTH_SERVICE: 3,
      BORDER_GUARD: 2,
      LABOUR_INSPECTION: 1,
    }),
    forms: WeightedTable.of<ExploitationForm>({
      FORCED_LABOUR_OR_SERVICES: 50,
      SEXUAL_EXPLOITATION: 25,
      FORCED_MARRIAGE: 18,
      EXPLOITATION_OF_CRIMINAL_ACTIVITIES: 3,
      BENEFIT_FRAUD: 2,
      FORCED_MILITARY_NON_STATE: 1,
      OTHER: 1,
    }),
    // NAS 2023: wild produce 32 %, berry farms 24 %, greenhouses 4 % (all A), restaurants 13 %,
    // cleaning 11 %, beauty 4 %.
    industries: WeightedTable.of<IsicSection>({ A: 60, I: 13, N: 11, S: 4, F: 5, C: 3, H: 2, T: 2 }),
    citizenship: WeightedTable.of<CountryCode>({
      FI: 5,
      CN: 10,
      IQ: 10,
      VN: 10,
      TH: 10,
      PH: 8,
      MA: 7,
      UG: 6,
      RU: 6,
      AF: 6,
      SO: 3,
      NG: 3,
      UA: 3,
      UZ: 2,
      BD: 2,
      IN: 2,
      SY: 2,
      TR: 2,
      EE: 1,
      RO: 1,
      KE: 1,
      IR: 1,
      LK: 1,
      NP: 1,
    }),
    minorShare: 0.085,
    domesticExploitation: 0.64,
    identification: WeightedTable.of<IdentificationStatus>({
      POTENTIAL: 22,
      PRESUMED: 30,
      IDENTIFIED: 36,
      NOT_A_VICTIM: 7,
      DECLINED_IDENTIFICATION: 5,
    }),
    decidedBy: WeightedTable.of<DecisionOrgType>({
      NON_POLICE_GOVERNMENT: 70,
      POLICE: 22,
      COURT_OR_PROSECUTION: 8,
    }),
    observers: WeightedTable.of<OrganisationType>({
      ASSISTANCE_SYSTEM: 40,
      NGO: 20,
      LAW_ENFORCEMENT: 15,
      IMMIGRATION_SERVICE: 12,
      HEALTH_SERVICE: 8,
      LABOUR_INSPECTION: 5,
    }),
    providers: WeightedTable.of<OrganisationType>({
      ASSISTANCE_SYSTEM: 45,
      NGO: 20,
      LOCAL_GOVERNMENT: 15,
      HEALTH_SERVICE: 10,
      LEGAL_SERVICE: 10,
    }),
    unassistedShare: 0.02,
    nuts2: WeightedTable.of<string>({ FI1B: 32, FI1C: 21, FI19: 24, FI1D: 22, FI20: 1 }),
    ruralNuts2: 'FI1D',
    legalBasisNational: 'RL 25:3',
    language: 'fi',
  },
  SE: {
    yearlyCases: [450, 550],
    monthWeights: FLAT_MONTHS,
    registeringOrg: WeightedTable.of<OrganisationType>({
      LOCAL_GOVERNMENT: 30,
      IMMIGRATION_SERVICE: 25,
      LAW_ENFORCEMENT: 20,
      NATIONAL_COORDINATOR: 10,
      NGO: 10,
      HEALTH_SERVICE: 3,
      LABOUR_INSPECTION: 2,
    }),
    // 2021: 244 sexual, 189 labour, 47 unspecified, 1 military of 481.
    forms: WeightedTable.of<ExploitationForm>({
      SEXUAL_EXPLOITATION: 47,
      FORCED_LABOUR_OR_SERVICES: 39,
      EXPLOITATION_OF_CRIMINAL_ACTIVITIES: 4,
      FORCED_BEGGING: 3,
      FORCED_MARRIAGE: 1.5,
      FORCED_MILITARY_NON_STATE: 0.5,
      UNKNOWN: 5,
    }),
    industries: WeightedTable.of<IsicSection>({ A: 20, F: 20, I: 18, N: 15, H: 8, T: 8, S: 6, C: 5 }),
    citizenship: WeightedTable.of<CountryCode>({
      SE: 4,
      UZ: 12,
      NG: 12,
      UA: 10,
      MA: 9,
      TR: 8,
      PK: 8,
      VN: 8,
      RO: 6,
      AR: 5,
      TH: 5,
      IQ: 2,
      AF: 2,
      ER: 2,
      SY: 2,
      BG: 2,
      PL: 1,
      MN: 1,
      KE: 1,
      PH: 1,
    }),
    minorShare: 0.11,
    domesticExploitation: 0.75,
    identification: WeightedTable.of<IdentificationStatus>({
      POTENTIAL: 40,
      PRESUMED: 25,
      IDENTIFIED: 25,
      NOT_A_VICTIM: 6,
      DECLINED_IDENTIFICATION: 4,
    }),
    decidedBy: WeightedTable.of<DecisionOrgType>({
      POLICE: 55,
      NON_POLICE_GOVERNMENT: 30,
      COURT_OR_PROSECUTION: 15,
    }),
    observers: WeightedTable.of<OrganisationType>({
      LOCAL_GOVERNMENT: 25,
      IMMIGRATION_SERVICE: 25,
      LAW_ENFORCEMENT: 20,
      NGO: 20,
      HEALTH_SERVICE: 6,
      LABOUR_INSPECTION: 4,
    }),
    providers: WeightedTable.of<OrganisationType>({
      LOCAL_GOVERNMENT: 35,
      NGO: 30,
      HEALTH_SERVICE: 12,
      LEGAL_SERVICE: 10,
      INTERNATIONAL_ORG: 5,
      IMMIGRATION_SERVICE: 8,
    }),
    unassistedShare: 0.25,
    nuts2: WeightedTable.of<string>({
      SE11: 24,
      SE12: 17,
      SE21: 9,
      SE22: 15,
      SE23: 20,
      SE31: 8,
      SE32: 4,
      SE33: 5,
    }),
    ruralNuts2: 'SE33',
    legalBasisNational: 'BrB 4:1a',
    language: 'sv',
  },
  NO: {
    yearlyCases: [60, 100],
    monthWeights: FLAT_MONTHS,
    registeringOrg: WeightedTable.of<OrganisationType>({
      NATIONAL_COORDINATOR: 25,
      NGO: 30,
      LAW_ENFORCEMENT: 25,
      IMMIGRATION_SERVICE: 12,
      LOCAL_GOVERNMENT: 8,
    }),
    forms: WeightedTable.of<ExploitationForm>({
      SEXUAL_EXPLOITATION: 63,
      FORCED_LABOUR_OR_SERVICES: 29,
      EXPLOITATION_OF_CRIMINAL_ACTIVITIES: 3,
      FORCED_BEGGING: 2,
      UNKNOWN: 3,
    }),
    industries: WeightedTable.of<IsicSection>({ F: 20, I: 18, A: 15, N: 15, C: 10, H: 8, T: 8, S: 6 }),
    citizenship: WeightedTable.of<CountryCode>({
      NO: 6,
      NG: 25,
      RO: 12,
      PK: 8,
      BG: 8,
      PH: 8,
      MA: 7,
      IN: 7,
      LT: 3,
      PL: 3,
      ER: 3,
      TH: 3,
      VN: 3,
      AL: 2,
      UA: 2,
    }),
    minorShare: 0.11,
    domesticExploitation: 0.7,
    identification: WeightedTable.of<IdentificationStatus>({
      POTENTIAL: 35,
      PRESUMED: 28,
      IDENTIFIED: 25,
      NOT_A_VICTIM: 7,
      DECLINED_IDENTIFICATION: 5,
    }),
    decidedBy: WeightedTable.of<DecisionOrgType>({
      POLICE: 45,
      NON_POLICE_GOVERNMENT: 35,
      NGO: 10,
      COURT_OR_PROSECUTION: 10,
    }),
    observers: WeightedTable.of<OrganisationType>({
      NGO: 35,
      LAW_ENFORCEMENT: 25,
      IMMIGRATION_SERVICE: 20,
      HEALTH_SERVICE: 10,
      LABOUR_INSPECTION: 10,
    }),
    providers: WeightedTable.of<OrganisationType>({
      NGO: 40,
      LOCAL_GOVERNMENT: 30,
      HEALTH_SERVICE: 12,
      LEGAL_SERVICE: 12,
      INTERNATIONAL_ORG: 6,
    }),
    unassistedShare: 0.15,
    nuts2: WeightedTable.of<string>({ NO08: 35, NO0A: 21, NO09: 18, NO06: 9, NO02: 7, NO07: 10 }),
    ruralNuts2: 'NO07',
    legalBasisNational: 'strl §257',
    language: 'no',
  },
  DK: {
    yearlyCases: [80, 115],
    monthWeights: FLAT_MONTHS,
    registeringOrg: WeightedTable.of<OrganisationType>({
      NATIONAL_COORDINATOR: 35,
      LAW_ENFORCEMENT: 30,
      IMMIGRATION_SERVICE: 20,
      NGO: 15,
    }),
    // cmm.dk 2023: 58 sexual, 23 labour, the rest criminal activity or other, of 112.
    forms: WeightedTable.of<ExploitationForm>({
      SEXUAL_EXPLOITATION: 50,
      FORCED_LABOUR_OR_SERVICES: 21,
      EXPLOITATION_OF_CRIMINAL_ACTIVITIES: 20,
      OTHER: 4,
      UNKNOWN: 5,
    }),
    industries: WeightedTable.of<IsicSection>({ F: 45, T: 18, N: 17, A: 10, I: 10 }),
    citizenship: WeightedTable.of<CountryCode>({
      DK: 3,
      NG: 22,
      TH: 14,
      MA: 12,
      RO: 12,
      VN: 10,
      UA: 10,
      DZ: 3,
      BG: 3,
      UG: 2,
      GH: 2,
      PH: 2,
      CN: 2,
      HU: 2,
    }),
    // DK 2023: 3 of 112 were 17, all others adults.
    minorShare: 0.035,
    domesticExploitation: 0.8,
    identification: WeightedTable.of<IdentificationStatus>({
      POTENTIAL: 15,
      PRESUMED: 15,
      IDENTIFIED: 55,
      NOT_A_VICTIM: 10,
      DECLINED_IDENTIFICATION: 5,
    }),
    decidedBy: WeightedTable.of<DecisionOrgType>({
      NON_POLICE_GOVERNMENT: 60,
      POLICE: 35,
      COURT_OR_PROSECUTION: 5,
    }),
    observers: WeightedTable.of<OrganisationType>({
      NATIONAL_COORDINATOR: 25,
      LAW_ENFORCEMENT: 30,
      NGO: 25,
      IMMIGRATION_SERVICE: 15,
      HEALTH_SERVICE: 5,
    }),
    providers: WeightedTable.of<OrganisationType>({
      NGO: 40,
      NATIONAL_COORDINATOR: 25,
      LOCAL_GOVERNMENT: 15,
      HEALTH_SERVICE: 10,
      LEGAL_SERVICE: 10,
    }),
    unassistedShare: 0.15,
    nuts2: WeightedTable.of<string>({ DK01: 33, DK02: 14, DK03: 21, DK04: 23, DK05: 9 }),
    ruralNuts2: 'DK05',
    legalBasisNational: 'strfl §262a',
    language: 'da',
  },
  IS: {
    yearlyCases: [8, 20],
    monthWeights: FLAT_MONTHS,
    registeringOrg: WeightedTable.of<OrganisationType>({
      LAW_ENFORCEMENT: 40,
      ASSISTANCE_SYSTEM: 30,
      NGO: 20,
      IMMIGRATION_SERVICE: 10,
    }),
    forms: WeightedTable.of<ExploitationForm>({
      FORCED_LABOUR_OR_SERVICES: 50,
      SEXUAL_EXPLOITATION: 25,
      EXPLOITATION_OF_CRIMINAL_ACTIVITIES: 5,
      OTHER: 5,
      UNKNOWN: 15,
    }),
    industries: WeightedTable.of<IsicSection>({ I: 35, F: 30, N: 15, A: 10, C: 10 }),
    citizenship: WeightedTable.of<CountryCode>({
      IS: 8,
      PL: 12,
      RO: 10,
      LT: 10,
      UA: 10,
      LV: 8,
      VN: 8,
      TH: 6,
      NG: 6,
      IN: 4,
      PH: 4,
      LK: 3,
      BR: 3,
    }),
    minorShare: 0.11,
    domesticExploitation: 0.8,
    identification: WeightedTable.of<IdentificationStatus>({
      POTENTIAL: 55,
      PRESUMED: 15,
      IDENTIFIED: 18,
      NOT_A_VICTIM: 7,
      DECLINED_IDENTIFICATION: 5,
    }),
    decidedBy: WeightedTable.of<DecisionOrgType>({ POLICE: 80, NON_POLICE_GOVERNMENT: 15, OTHER: 5 }),
    observers: WeightedTable.of<OrganisationType>({
      LAW_ENFORCEMENT: 40,
      ASSISTANCE_SYSTEM: 25,
      NGO: 20,
      LABOUR_INSPECTION: 15,
    }),
    providers: WeightedTable.of<OrganisationType>({
      ASSISTANCE_SYSTEM: 50,
      NGO: 25,
      LOCAL_GOVERNMENT: 15,
      HEALTH_SERVICE: 10,
    }),
    unassistedShare: 0.2,
    nuts2: WeightedTable.of<string>({ IS00: 1 }),
    ruralNuts2: 'IS00',
    legalBasisNational: 'hgl 227. gr. a',
    language: 'is',
  },
};

/** Coarse grouping that drives means of control, indicators, needs and the sex split. */
export type FormGroup = 'LABOUR' | 'SEXUAL' | 'OTHER';

export function formGroupOf(form: ExploitationForm): FormGroup {
  switch (form) {
    case 'SEXUAL_EXPLOITATION':
      return 'SEXUAL';
    case 'FORCED_LABOUR_OR_SERVICES':
    case 'SERVITUDE':
    case 'SLAVERY_OR_SIMILAR_PRACTICES':
      return 'LABOUR';
    default:
      return 'OTHER';
  }
}

/** Forms whose exploitation has an industry (HTCDS asks the industry for forced labour only). */
export function hasIndustry(form: ExploitationForm): boolean {
  return formGroupOf(form) === 'LABOUR';
}

/** P(female | form): sexual exploitation and forced marriage mostly women, labour and crime mostly men. */
export function femaleShareOf(form: ExploitationForm): number {
  switch (form) {
    case 'SEXUAL_EXPLOITATION':
      return 0.92;
    case 'FORCED_MARRIAGE':
      return 0.93;
    case 'FORCED_LABOUR_OR_SERVICES':
    case 'SLAVERY_OR_SIMILAR_PRACTICES':
      return 0.36;
    case 'SERVITUDE':
      return 0.7;
    case 'EXPLOITATION_OF_CRIMINAL_ACTIVITIES':
      return 0.2;
    case 'FORCED_MILITARY_NON_STATE':
      return 0.1;
    default:
      return 0.55;
  }
}

/** Multiplier on a country's minor share: children are over-represented in crime and forced marriage. */
export function minorFactorOf(form: ExploitationForm): number {
  switch (form) {
    case 'EXPLOITATION_OF_CRIMINAL_ACTIVITIES':
      return 3.5;
    case 'FORCED_MARRIAGE':
      return 2;
    case 'FORCED_BEGGING':
    case 'FORCED_MILITARY_NON_STATE':
      return 1.5;
    case 'FORCED_LABOUR_OR_SERVICES':
      return 0.5;
    case 'SEXUAL_EXPLOITATION':
      return 0.8;
    default:
      return 1;
  }
}

export const SECOND_FORMS = WeightedTable.of<ExploitationForm>({
  SEXUAL_EXPLOITATION: 30,
  FORCED_LABOUR_OR_SERVICES: 30,
  EXPLOITATION_OF_CRIMINAL_ACTIVITIES: 15,
  SERVITUDE: 8,
  FORCED_BEGGING: 7,
  BENEFIT_FRAUD: 5,
  SLAVERY_OR_SIMILAR_PRACTICES: 3,
  FORCED_MARRIAGE: 2,
});

export const ADULT_AGE_BANDS = WeightedTable.of<AgeBand>({
  A18_20: 8,
  A21_23: 12,
  A24_26: 14,
  A27_29: 14,
  A30_38: 28,
  A39_47: 15,
  A48_PLUS: 7,
  UNKNOWN: 2,
});

/** Ages (in whole years) each CTDC band covers; A48_PLUS is capped for birth-month generation. */
export const AGE_RANGES: Readonly<Record<Exclude<AgeBand, 'UNKNOWN'>, readonly [number, number]>> = {
  ...AGE_BAND_YEARS,
  A0_8: [1, 8],
  A48_PLUS: [48, 68],
};

export function isMinorBand(band: AgeBand): boolean {
  return band === 'A0_8' || band === 'A9_17';
}

export const SEXUAL_TYPES = WeightedTable.of<SexualExploitationType>({
  PROSTITUTION: 62,
  PRIVATE_SEXUAL_SERVICES: 15,
  REMOTE_INTERACTIVE_SERVICES: 15,
  PORNOGRAPHY: 8,
});

export const MEANS_OF_CONTROL: Readonly<Record<FormGroup, WeightedTable<MeansOfControl>>> = {
  LABOUR: WeightedTable.of<MeansOfControl>({
    FALSE_PROMISES: 20,
    TAKES_EARNINGS: 18,
    DEBT_BONDAGE: 16,
    WITHHOLDS_DOCUMENTS: 14,
    EXCESSIVE_WORKING_HOURS: 14,
    THREATS: 6,
    RESTRICTS_MOVEMENT: 5,
    RESTRICTS_FINANCIAL_ACCESS: 4,
    THREAT_OF_LAW_ENFORCEMENT: 3,
    WITHHOLDS_NECESSITIES: 2,
  }),
  SEXUAL: WeightedTable.of<MeansOfControl>({
    THREATS: 20,
    PSYCHOLOGICAL_ABUSE: 18,
    PHYSICAL_ABUSE: 16,
    TAKES_EARNINGS: 10,
    DEBT_BONDAGE: 9,
    SEXUAL_ABUSE: 8,
    RESTRICTS_MOVEMENT: 6,
    FALSE_PROMISES: 6,
    PSYCHOACTIVE_SUBSTANCES: 4,
    USES_CHILDREN_OR_FAMILY: 3,
  }),
  OTHER: WeightedTable.of<MeansOfControl>({
    THREATS: 15,
    PSYCHOLOGICAL_ABUSE: 15,
    FALSE_PROMISES: 12,
    USES_CHILDREN_OR_FAMILY: 10,
    PHYSICAL_ABUSE: 10,
    RESTRICTS_MOVEMENT: 10,
    TAKES_EARNINGS: 8,
    DEBT_BONDAGE: 6,
    PSYCHOACTIVE_SUBSTANCES: 4,
    OTHER: 4,
  }),
};

/** How many means of control a case records (1–4, DOMAIN §5.3). */
export const MEANS_COUNT = new WeightedTable<number>([
  [1, 30],
  [2, 35],
  [3, 22],
  [4, 13],
]);

export const INDICATORS: Readonly<Record<FormGroup, WeightedTable<Indicator>>> = {
  LABOUR: WeightedTable.of<Indicator>({
    DECEPTION: 16,
    WITHHOLDING_OF_WAGES: 16,
    ABUSIVE_WORKING_LIVING_CONDITIONS: 15,
    EXCESSIVE_OVERTIME: 14,
    DEBT_BONDAGE: 12,
    RETENTION_OF_ID_DOCUMENTS: 10,
    ABUSE_OF_VULNERABILITY: 8,
    ISOLATION: 4,
    INTIMIDATION_THREATS: 4,
    RESTRICTION_OF_MOVEMENT: 1,
  }),
  SEXUAL: WeightedTable.of<Indicator>({
    PHYSICAL_SEXUAL_VIOLENCE: 18,
    INTIMIDATION_THREATS: 17,
    ABUSE_OF_VULNERABILITY: 15,
    DECEPTION: 12,
    DEBT_BONDAGE: 10,
    RESTRICTION_OF_MOVEMENT: 10,
    ISOLATION: 9,
    RETENTION_OF_ID_DOCUMENTS: 6,
    WITHHOLDING_OF_WAGES: 3,
  }),
  OTHER: WeightedTable.of<Indicator>({
    ABUSE_OF_VULNERABILITY: 20,
    INTIMIDATION_THREATS: 16,
    DECEPTION: 14,
    ISOLATION: 12,
    RESTRICTION_OF_MOVEMENT: 10,
    PHYSICAL_SEXUAL_VIOLENCE: 10,
    RETENTION_OF_ID_DOCUMENTS: 8,
    DEBT_BONDAGE: 5,
    OTHER: 5,
  }),
};

function supportTable(group: FormGroup, minor: boolean): WeightedTable<SupportType> {
  return WeightedTable.of<SupportType>({
    SAFE_ACCOMMODATION: 14,
    HEALTH: 12,
    PSYCHOLOGICAL: 12,
    LEGAL: 12,
    INTERPRETATION: 10,
    SOCIAL_CARE: minor ? 16 : 10,
    FINANCIAL: minor ? 2 : 9,
    RECOVERY_REFLECTION_PERIOD: 8,
    RESIDENCE_PERMIT_SUPPORT: 7,
    LIVELIHOOD: minor ? 0 : 4,
    EDUCATION: minor ? 14 : 2,
    RIGHTS_BASED_TRAINING: 2,
    ASSISTED_RETURN: 3,
    LABOUR_EXPLOITATION_REHABILITATION: group === 'LABOUR' ? 9 : 0,
    SEXUAL_EXPLOITATION_REHABILITATION: group === 'SEXUAL' ? 9 : 0,
  });
}

/** Support types by form group, for adults and for minors (precomputed: one lookup per case). */
export const SUPPORT: Readonly<
  Record<FormGroup, readonly [WeightedTable<SupportType>, WeightedTable<SupportType>]>
> = {
  LABOUR: [supportTable('LABOUR', false), supportTable('LABOUR', true)],
  SEXUAL: [supportTable('SEXUAL', false), supportTable('SEXUAL', true)],
  OTHER: [supportTable('OTHER', false), supportTable('OTHER', true)],
};

export const ASSISTANCE_COUNT = new WeightedTable<number>([
  [1, 25],
  [2, 32],
  [3, 25],
  [4, 18],
]);

export const OPEN_CASE_ASSISTANCE_STATUS = WeightedTable.of<AssistanceStatus>({
  ACTIVE: 55,
  ENDED: 25,
  PLANNED: 10,
  DECLINED: 10,
});

/** A provider that does this kind of support, where one is typical (else the country's mix). */
export const SPECIALIST_PROVIDER: Partial<Record<SupportType, OrganisationType>> = {
  LEGAL: 'LEGAL_SERVICE',
  HEALTH: 'HEALTH_SERVICE',
  PSYCHOLOGICAL: 'HEALTH_SERVICE',
  ASSISTED_RETURN: 'INTERNATIONAL_ORG',
  RESIDENCE_PERMIT_SUPPORT: 'LEGAL_SERVICE',
  EDUCATION: 'SCHOOL_OR_COLLEGE',
};

export const MIGRATION_NON_EU_LABOUR = WeightedTable.of<MigrationStatus>({
  LABOUR_MIGRANT: 40,
  VISITOR: 14,
  IRREGULAR: 14,
  ASYLUM_SEEKER: 14,
  STUDENT: 5,
  FAMILY_MIGRANT: 5,
  REFUGEE: 3,
  COMPLEMENTARY_PROTECTION: 2,
  UNKNOWN: 3,
});

export const MIGRATION_NON_EU_OTHER = WeightedTable.of<MigrationStatus>({
  ASYLUM_SEEKER: 32,
  IRREGULAR: 16,
  REFUGEE: 10,
  FAMILY_MIGRANT: 10,
  VISITOR: 10,
  COMPLEMENTARY_PROTECTION: 6,
  STUDENT: 4,
  LABOUR_MIGRANT: 4,
  STATELESS: 1,
  RETURNEE: 1,
  UNKNOWN: 6,
});

export const MIGRATION_EU = WeightedTable.of<MigrationStatus>({
  EU_EEA_NORDIC_RESIDENT: 60,
  LABOUR_MIGRANT: 25,
  VISITOR: 10,
  UNKNOWN: 5,
});

export const MIGRATION_MINOR = WeightedTable.of<MigrationStatus>({
  UNACCOMPANIED_OR_SEPARATED_CHILD: 50,
  ASYLUM_SEEKER: 30,
  FAMILY_MIGRANT: 10,
  IRREGULAR: 10,
});

export const RECRUITER_RELATIONSHIP: Readonly<Record<FormGroup, WeightedTable<RecruiterRelationship>>> = {
  LABOUR: WeightedTable.of<RecruiterRelationship>({
    OTHER: 45,
    FRIEND: 25,
    FAMILY: 12,
    INTIMATE_PARTNER: 3,
    UNKNOWN: 15,
  }),
  SEXUAL: WeightedTable.of<RecruiterRelationship>({
    INTIMATE_PARTNER: 28,
    FRIEND: 25,
    OTHER: 25,
    FAMILY: 10,
    UNKNOWN: 12,
  }),
  OTHER: WeightedTable.of<RecruiterRelationship>({
    FAMILY: 35,
    FRIEND: 20,
    OTHER: 25,
    INTIMATE_PARTNER: 8,
    UNKNOWN: 12,
  }),
};

/** Known methods only: an unknown method is recorded as an empty list. */
export const RECRUITMENT_METHODS = WeightedTable.of<RecruitmentMethod>({
  FRIENDS_OR_SOCIAL: 22,
  ONLINE_SOCIAL_NETWORK: 18,
  AT_PLACE_OF_BUSINESS: 14,
  ONLINE_ADVERTISEMENT: 12,
  FAMILY: 12,
  AT_WORK: 10,
  OTHER: 5,
  NEWSPAPER_ADVERT: 2,
  AT_EDUCATIONAL_INSTITUTION: 2,
  TV_ADVERT: 1,
});

export const PERPETRATOR_ROLES = WeightedTable.of<PerpetratorRole>({
  EXPLOITER: 24,
  RECRUITER_OR_INTERMEDIARY: 20,
  CONTROLLED: 12,
  TRANSPORTER: 8,
  HARBOURED: 7,
  BROKER_TRAVEL_AGENT: 6,
  ABUSER: 6,
  RECEIVED: 4,
  SMUGGLER: 4,
  TRAVELLING_PARTNER: 3,
  SOLD: 2,
  BOUGHT: 2,
  TRANSFERRED: 1,
  KIDNAPPER: 0.5,
  OTHER: 0.5,
});

export const PERPETRATOR_COUNT = new WeightedTable<number>([
  [1, 35],
  [2, 25],
  [3, 15],
  [4, 10],
  [5, 7],
  [6, 5],
  [8, 2],
  [12, 1],
]);

export const RISK: Readonly<Record<FormGroup, WeightedTable<RiskLevel>>> = {
  LABOUR: WeightedTable.of<RiskLevel>({ LOW: 38, MEDIUM: 35, HIGH: 10, UNKNOWN: 17 }),
  SEXUAL: WeightedTable.of<RiskLevel>({ LOW: 22, MEDIUM: 38, HIGH: 25, UNKNOWN: 15 }),
  OTHER: WeightedTable.of<RiskLevel>({ LOW: 28, MEDIUM: 35, HIGH: 20, UNKNOWN: 17 }),
};

/** Where people registered in the Nordics were exploited when it was neither at home nor in the Nordics. */
export const THIRD_EXPLOITATION_COUNTRIES = WeightedTable.of<CountryCode>({
  IT: 14,
  DE: 10,
  LY: 10,
  ES: 8,
  GR: 8,
  TR: 8,
  RU: 7,
  FR: 6,
  NL: 5,
  PL: 5,
  BE: 4,
  AT: 4,
  HU: 3,
  EE: 3,
  LT: 3,
  AE: 3,
});

export const TRANSIT_COUNTRIES = WeightedTable.of<CountryCode>({
  DE: 14,
  PL: 10,
  TR: 10,
  IT: 10,
  LT: 8,
  EE: 8,
  RU: 8,
  NL: 6,
  ES: 6,
  GR: 6,
  LY: 5,
  AE: 5,
  QA: 4,
});

/** An extra citizenship for the few people with two. */
export const SECOND_CITIZENSHIPS: readonly CountryCode[] = [
  'RO',
  'PT',
  'IT',
  'ES',
  'GB',
  'SE',
  'FI',
  'NO',
  'DK',
  'FR',
];

/** Languages by citizenship (ISO 639-1); people from elsewhere are taken to speak English. */
export const LANGUAGES: Readonly<Partial<Record<CountryCode, readonly string[]>>> = {
  FI: ['fi'],
  SE: ['sv'],
  NO: ['no'],
  DK: ['da'],
  IS: ['is'],
  CN: ['zh'],
  IQ: ['ar', 'ku'],
  SY: ['ar'],
  MA: ['ar', 'fr'],
  DZ: ['ar', 'fr'],
  VN: ['vi'],
  TH: ['th'],
  PH: ['tl', 'en'],
  UG: ['en', 'lg'],
  KE: ['sw', 'en'],
  RU: ['ru'],
  UA: ['uk', 'ru'],
  AF: ['fa', 'ps'],
  IR: ['fa'],
  SO: ['so'],
  NG: ['en', 'yo'],
  GH: ['en'],
  UZ: ['uz', 'ru'],
  TR: ['tr'],
  PK: ['ur'],
  IN: ['hi', 'en'],
  BD: ['bn'],
  LK: ['si', 'ta'],
  NP: ['ne'],
  AR: ['es'],
  BR: ['pt'],
  RO: ['ro'],
  BG: ['bg'],
  PL: ['pl'],
  LT: ['lt'],
  LV: ['lv'],
  EE: ['et'],
  HU: ['hu'],
  AL: ['sq'],
  ER: ['ti'],
  MN: ['mn'],
};

/** Short, personal-data-free answers a receiving coordinator gives. */
export const RESPONSE_NOTES = {
  ACCEPTED: [
    'Placed with regional coordinator',
    'Accepted; assistance continues locally',
    'Interpreter arranged',
  ],
  COMPLETED: ['Assistance provided; case closed', 'Completed; follow-up ended'],
  DECLINED: [
    'Person not located',
    'Outside mandate; referred to municipal services',
    'Person declined assistance',
  ],
} as const;
