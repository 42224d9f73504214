import type {
  AgeBand,
  CaseStatus,
  ExploitationForm,
  IdentificationStatus,
  Sex,
  TraffickingEventType,
} from '@nordic/schema';

/**
 * The ACMS code values that differ from the contract's, one table per code list: contract code → the
 * legacy system's code. Typed as complete records, so a code added to the contract does not compile
 * until it is mapped. Code lists not listed here are stored by ACMS with the contract's own codes.
 */
export const ACMS_SEX: Record<Sex, string> = { FEMALE: 'N', MALE: 'M', UNKNOWN: 'T' };

export const ACMS_CASE_STATUS: Record<CaseStatus, string> = {
  ACTIVE: 'AVOIN',
  FOLLOW_UP: 'JALKIHOITO',
  CLOSED: 'SULJETTU',
  CLOSED_REFERRED: 'SIIRRETTY',
};

export const ACMS_IDENTIFICATION: Record<IdentificationStatus, string> = {
  POTENTIAL: 'MAHDOLLINEN',
  PRESUMED: 'OLETETTU',
  IDENTIFIED: 'TUNNISTETTU',
  NOT_A_VICTIM: 'EI_UHRI',
  DECLINED_IDENTIFICATION: 'KIELTAYTYI',
};

export const ACMS_EXPLOITATION_FORM: Record<ExploitationForm, string> = {
  SEXUAL_EXPLOITATION: 'SEX_EXPL',
  FORCED_LABOUR_OR_SERVICES: 'PAKKOTYO',
  FORCED_BEGGING: 'KERJAAMINEN',
  SLAVERY_OR_SIMILAR_PRACTICES: 'ORJUUS',
  SERVITUDE: 'MAAORJUUS',
  EXPLOITATION_OF_CRIMINAL_ACTIVITIES: 'RIKOLLINEN_TOIM',
  REMOVAL_OF_ORGANS: 'ELIMET',
  EXPLOITATION_OF_SURROGACY: 'SIJAISSYNNYTYS',
  FORCED_MARRIAGE: 'PAKKOAVIOLIITTO',
  ILLEGAL_ADOPTION: 'LAITON_ADOPTIO',
  BENEFIT_FRAUD: 'ETUUSPETOS',
  FORCED_MILITARY_NON_STATE: 'ASEELLINEN',
  OTHER: 'MUU',
  UNKNOWN: 'EI_TIEDOSSA',
};

export const ACMS_EVENT_TYPE: Record<TraffickingEventType, string> = {
  RECRUITMENT: 'VARVAYS',
  TRANSIT: 'KAUTTAKULKU',
  EXPLOITATION: 'HYVAKSIKAYTTO',
};

/**
 * ACMS keeps the age in whole years at identification, not a band: the lowest age of each band (in
 * the contract's order), so the view turns an age back into its band. UNKNOWN is a NULL age.
 */
export const ACMS_AGE_BAND_FROM: readonly [Exclude<AgeBand, 'UNKNOWN'>, number][] = [
  ['A0_8', 0],
  ['A9_17', 9],
  ['A18_20', 18],
  ['A21_23', 21],
  ['A24_26', 24],
  ['A27_29', 27],
  ['A30_38', 30],
  ['A39_47', 39],
  ['A48_PLUS', 48],
];

/** An age in years inside the band, for writing a generated case the way ACMS holds it. */
export function acmsAgeOf(band: AgeBand): number | null {
  const index = ACMS_AGE_BAND_FROM.findIndex(([b]) => b === band);
  if (index < 0) return null;
  const from = ACMS_AGE_BAND_FROM[index]?.[1] as number;
  const next = ACMS_AGE_BAND_FROM[index + 1]?.[1] ?? from + 10;
  return Math.floor((from + next - 1) / 2);
}

/** SQL for the band of an age column: the last band whose lowest age the age reaches. */
export function ageBandSql(column: string): string {
  const whens = [...ACMS_AGE_BAND_FROM]
    .reverse()
    .map(([band, from]) => `WHEN ${column} >= ${from} THEN '${band}'`)
    .join(' ');
  return `CASE WHEN ${column} IS NULL THEN 'UNKNOWN' ${whens} END`;
}

/** SQL translating a legacy code column into the contract's code (NULL for a code the table lacks). */
export function toContractSql(column: string, map: Record<string, string>): string {
  const whens = Object.entries(map)
    .map(([contract, legacy]) => `WHEN '${legacy}' THEN '${contract}'`)
    .join(' ');
  return `CASE ${column} ${whens} END`;
}

/** The legacy codes of a table, for the startup check that ACMS holds no code the mapping lacks. */
export function legacyCodes(map: Record<string, string>): string[] {
  return Object.values(map);
}
