import type {
  AgeBand,
  CountryCode,
  ExploitationForm,
  IsicSection,
  ReferralReason,
  SupportType,
} from '@nordic/schema';
import { type SeedCountry } from './seedCountries';
import { WeightedTable } from './weightedTable';

/*
 * The Nordic cross-border patterns of DOMAIN §5.3 and how often each connects two countries. Rates are
 * planned pairs a year at scale 1 and were tuned so that 5–10 % of each country's cases take part in a
 * link or referral (FI ↔ SE berry pickers dominate, as in the sources).
 */

export type ExploitedIn = 'FROM' | 'TO' | 'THIRD';

export interface CrossBorderPattern {
  readonly name: string;
  /** Months (1–12) in which the first of the two cases is opened. */
  readonly months: readonly [number, number];
  readonly citizenship: WeightedTable<CountryCode>;
  readonly forms: WeightedTable<ExploitationForm>;
  /** Overrides the per-form female share where the pattern is specific (Nigerian women). */
  readonly femaleShare: number | null;
  readonly ageBands: WeightedTable<AgeBand>;
  /** For labour forms; null when the pattern has none. */
  readonly industries: WeightedTable<IsicSection> | null;
  /** Where the exploitation happened, relative to the route (sender/proposer = FROM). */
  readonly exploitedIn: WeightedTable<ExploitedIn>;
  readonly thirdCountries: WeightedTable<CountryCode>;
  readonly reasons: WeightedTable<ReferralReason>;
  readonly needs: WeightedTable<SupportType>;
}

const ADULTS = WeightedTable.of<AgeBand>({
  A18_20: 6,
  A21_23: 12,
  A24_26: 16,
  A27_29: 17,
  A30_38: 32,
  A39_47: 13,
  A48_PLUS: 4,
});

/** Thai or Vietnamese berry pickers moving FI ↔ SE (and NO) within one season. */
const BERRY_PICKERS: CrossBorderPattern = {
  name: 'berry-pickers',
  months: [6, 10],
  citizenship: WeightedTable.of<CountryCode>({ TH: 60, VN: 40 }),
  forms: WeightedTable.of<ExploitationForm>({ FORCED_LABOUR_OR_SERVICES: 1 }),
  femaleShare: 0.4,
  ageBands: ADULTS,
  industries: WeightedTable.of<IsicSection>({ A: 1 }),
  exploitedIn: WeightedTable.of<ExploitedIn>({ FROM: 45, TO: 45, THIRD: 10 }),
  thirdCountries: WeightedTable.of<CountryCode>({ PL: 1, EE: 1 }),
  reasons: WeightedTable.of<ReferralReason>({
    MIGRATION_OR_CHANGE_OF_LOCATION: 40,
    ADDITIONAL_SERVICES_REQUIRED: 25,
    CRIMINAL_PROCEEDINGS_SUPPORT: 25,
    SAFE_RETURN: 10,
  }),
  needs: WeightedTable.of<SupportType>({
    LABOUR_EXPLOITATION_REHABILITATION: 20,
    INTERPRETATION: 20,
    LEGAL: 18,
    SAFE_ACCOMMODATION: 15,
    FINANCIAL: 12,
    ASSISTED_RETURN: 10,
    HEALTH: 5,
  }),
};

/** Asylum seekers who move between FI and SE (forced marriage, sexual exploitation, cleaning and restaurants). */
const ASYLUM_MOVERS: CrossBorderPattern = {
  name: 'asylum-movers',
  months: [1, 12],
  citizenship: WeightedTable.of<CountryCode>({ IQ: 35, AF: 30, SO: 20, SY: 15 }),
  forms: WeightedTable.of<ExploitationForm>({
    FORCED_MARRIAGE: 40,
    SEXUAL_EXPLOITATION: 40,
    FORCED_LABOUR_OR_SERVICES: 20,
  }),
  femaleShare: null,
  ageBands: WeightedTable.of<AgeBand>({
    A9_17: 10,
    A18_20: 20,
    A21_23: 20,
    A24_26: 18,
    A27_29: 12,
    A30_38: 15,
    A39_47: 5,
  }),
  industries: WeightedTable.of<IsicSection>({ N: 50, I: 50 }),
  exploitedIn: WeightedTable.of<ExploitedIn>({ FROM: 35, TO: 25, THIRD: 40 }),
  thirdCountries: WeightedTable.of<CountryCode>({ TR: 30, GR: 30, IT: 20, DE: 20 }),
  reasons: WeightedTable.of<ReferralReason>({
    MIGRATION_OR_CHANGE_OF_LOCATION: 55,
    ADDITIONAL_SERVICES_REQUIRED: 30,
    OTHER: 15,
  }),
  needs: WeightedTable.of<SupportType>({
    SAFE_ACCOMMODATION: 20,
    PSYCHOLOGICAL: 18,
    RESIDENCE_PERMIT_SUPPORT: 16,
    LEGAL: 16,
    INTERPRETATION: 15,
    SOCIAL_CARE: 10,
    HEALTH: 5,
  }),
};

/** Moroccan (and Algerian) minors in forced criminality moving DK → SE. */
const MINORS_IN_CRIME: CrossBorderPattern = {
  name: 'minors-in-crime',
  months: [1, 12],
  citizenship: WeightedTable.of<CountryCode>({ MA: 85, DZ: 15 }),
  forms: WeightedTable.of<ExploitationForm>({ EXPLOITATION_OF_CRIMINAL_ACTIVITIES: 1 }),
  femaleShare: 0.08,
  ageBands: WeightedTable.of<AgeBand>({ A9_17: 85, A18_20: 15 }),
  industries: null,
  exploitedIn: WeightedTable.of<ExploitedIn>({ FROM: 60, TO: 30, THIRD: 10 }),
  thirdCountries: WeightedTable.of<CountryCode>({ ES: 60, FR: 40 }),
  reasons: WeightedTable.of<ReferralReason>({
    MIGRATION_OR_CHANGE_OF_LOCATION: 50,
    ADDITIONAL_SERVICES_REQUIRED: 30,
    CRIMINAL_PROCEEDINGS_SUPPORT: 20,
  }),
  needs: WeightedTable.of<SupportType>({
    SOCIAL_CARE: 22,
    SAFE_ACCOMMODATION: 20,
    EDUCATION: 15,
    LEGAL: 15,
    INTERPRETATION: 14,
    PSYCHOLOGICAL: 14,
  }),
};

/** Nigerian women registered in DK who later seek asylum in NO or FI (often exploited in Italy first). */
const NIGERIAN_WOMEN: CrossBorderPattern = {
  name: 'nigerian-women',
  months: [1, 12],
  citizenship: WeightedTable.of<CountryCode>({ NG: 1 }),
  forms: WeightedTable.of<ExploitationForm>({ SEXUAL_EXPLOITATION: 1 }),
  femaleShare: 0.97,
  ageBands: WeightedTable.of<AgeBand>({ A18_20: 10, A21_23: 20, A24_26: 25, A27_29: 20, A30_38: 25 }),
  industries: null,
  exploitedIn: WeightedTable.of<ExploitedIn>({ FROM: 40, TO: 10, THIRD: 50 }),
  thirdCountries: WeightedTable.of<CountryCode>({ IT: 70, ES: 15, FR: 15 }),
  reasons: WeightedTable.of<ReferralReason>({
    MIGRATION_OR_CHANGE_OF_LOCATION: 50,
    ADDITIONAL_SERVICES_REQUIRED: 30,
    CRIMINAL_PROCEEDINGS_SUPPORT: 20,
  }),
  needs: WeightedTable.of<SupportType>({
    SEXUAL_EXPLOITATION_REHABILITATION: 20,
    SAFE_ACCOMMODATION: 20,
    PSYCHOLOGICAL: 18,
    HEALTH: 15,
    LEGAL: 14,
    RESIDENCE_PERMIT_SUPPORT: 13,
  }),
};

/** Romanian and Bulgarian begging and sexual-exploitation networks moving NO ↔ SE. */
const EU_MOBILE_NETWORKS: CrossBorderPattern = {
  name: 'eu-mobile-networks',
  months: [1, 12],
  citizenship: WeightedTable.of<CountryCode>({ RO: 75, BG: 25 }),
  forms: WeightedTable.of<ExploitationForm>({
    FORCED_BEGGING: 45,
    SEXUAL_EXPLOITATION: 40,
    EXPLOITATION_OF_CRIMINAL_ACTIVITIES: 15,
  }),
  femaleShare: null,
  ageBands: ADULTS,
  industries: null,
  exploitedIn: WeightedTable.of<ExploitedIn>({ FROM: 45, TO: 45, THIRD: 10 }),
  thirdCountries: WeightedTable.of<CountryCode>({ DK: 50, DE: 50 }),
  reasons: WeightedTable.of<ReferralReason>({
    SAFE_RETURN: 35,
    MIGRATION_OR_CHANGE_OF_LOCATION: 35,
    CRIMINAL_PROCEEDINGS_SUPPORT: 30,
  }),
  needs: WeightedTable.of<SupportType>({
    ASSISTED_RETURN: 22,
    SAFE_ACCOMMODATION: 20,
    HEALTH: 18,
    INTERPRETATION: 20,
    LEGAL: 20,
  }),
};

/** Thai women in massage parlours and sexual exploitation moving SE ↔ DK. */
const THAI_PARLOURS: CrossBorderPattern = {
  name: 'thai-parlours',
  months: [1, 12],
  citizenship: WeightedTable.of<CountryCode>({ TH: 1 }),
  forms: WeightedTable.of<ExploitationForm>({ SEXUAL_EXPLOITATION: 80, FORCED_LABOUR_OR_SERVICES: 20 }),
  femaleShare: 0.95,
  ageBands: WeightedTable.of<AgeBand>({ A24_26: 10, A27_29: 15, A30_38: 45, A39_47: 25, A48_PLUS: 5 }),
  industries: WeightedTable.of<IsicSection>({ S: 1 }),
  exploitedIn: WeightedTable.of<ExploitedIn>({ FROM: 50, TO: 50 }),
  thirdCountries: WeightedTable.of<CountryCode>({ DE: 1 }),
  reasons: WeightedTable.of<ReferralReason>({
    MIGRATION_OR_CHANGE_OF_LOCATION: 45,
    CRIMINAL_PROCEEDINGS_SUPPORT: 35,
    SAFE_RETURN: 20,
  }),
  needs: WeightedTable.of<SupportType>({
    SEXUAL_EXPLOITATION_REHABILITATION: 20,
    SAFE_ACCOMMODATION: 20,
    INTERPRETATION: 20,
    HEALTH: 15,
    LEGAL: 15,
    ASSISTED_RETURN: 10,
  }),
};

/** EU and Ukrainian workers in construction, tourism and fish processing moving IS ↔ NO/DK. */
const LABOUR_MOBILITY: CrossBorderPattern = {
  name: 'labour-mobility',
  months: [1, 12],
  citizenship: WeightedTable.of<CountryCode>({ LT: 25, PL: 25, RO: 20, LV: 15, UA: 15 }),
  forms: WeightedTable.of<ExploitationForm>({ FORCED_LABOUR_OR_SERVICES: 1 }),
  femaleShare: null,
  ageBands: ADULTS,
  industries: WeightedTable.of<IsicSection>({ F: 45, I: 30, C: 25 }),
  exploitedIn: WeightedTable.of<ExploitedIn>({ FROM: 50, TO: 40, THIRD: 10 }),
  thirdCountries: WeightedTable.of<CountryCode>({ DE: 50, NL: 50 }),
  reasons: WeightedTable.of<ReferralReason>({
    MIGRATION_OR_CHANGE_OF_LOCATION: 40,
    ADDITIONAL_SERVICES_REQUIRED: 30,
    CRIMINAL_PROCEEDINGS_SUPPORT: 20,
    SAFE_RETURN: 10,
  }),
  needs: WeightedTable.of<SupportType>({
    LABOUR_EXPLOITATION_REHABILITATION: 22,
    LEGAL: 22,
    FINANCIAL: 18,
    INTERPRETATION: 18,
    SAFE_ACCOMMODATION: 20,
  }),
};

export interface CrossBorderRoute {
  /** Sender of the referrals and proposer of the links. */
  readonly from: SeedCountry;
  readonly to: SeedCountry;
  readonly pattern: CrossBorderPattern;
  /** Planned referrals a year at scale 1 (any outcome). */
  readonly referrals: number;
  /** Planned links a year at scale 1 that did not come from a referral (match token, police, manual). */
  readonly links: number;
}

/** Fixed order: the plan walks it, so reordering changes which case indices are picked. */
export const ROUTES: readonly CrossBorderRoute[] = [
  { from: 'FI', to: 'SE', pattern: BERRY_PICKERS, referrals: 4, links: 5 },
  { from: 'SE', to: 'FI', pattern: BERRY_PICKERS, referrals: 4, links: 5 },
  { from: 'FI', to: 'SE', pattern: ASYLUM_MOVERS, referrals: 1.2, links: 0.8 },
  { from: 'SE', to: 'FI', pattern: ASYLUM_MOVERS, referrals: 1.2, links: 0.8 },
  { from: 'DK', to: 'SE', pattern: MINORS_IN_CRIME, referrals: 2, links: 1 },
  { from: 'SE', to: 'DK', pattern: MINORS_IN_CRIME, referrals: 0.5, links: 0.5 },
  { from: 'DK', to: 'NO', pattern: NIGERIAN_WOMEN, referrals: 0.8, links: 0.4 },
  { from: 'NO', to: 'DK', pattern: NIGERIAN_WOMEN, referrals: 0.5, links: 0.3 },
  { from: 'DK', to: 'FI', pattern: NIGERIAN_WOMEN, referrals: 0.6, links: 0.3 },
  { from: 'FI', to: 'DK', pattern: NIGERIAN_WOMEN, referrals: 0.3, links: 0.2 },
  { from: 'NO', to: 'SE', pattern: EU_MOBILE_NETWORKS, referrals: 0.8, links: 0.7 },
  { from: 'SE', to: 'NO', pattern: EU_MOBILE_NETWORKS, referrals: 0.8, links: 0.7 },
  { from: 'FI', to: 'NO', pattern: BERRY_PICKERS, referrals: 0.6, links: 0.5 },
  { from: 'NO', to: 'FI', pattern: BERRY_PICKERS, referrals: 0.3, links: 0.3 },
  { from: 'SE', to: 'DK', pattern: THAI_PARLOURS, referrals: 0.4, links: 0.3 },
  { from: 'IS', to: 'NO', pattern: LABOUR_MOBILITY, referrals: 0.3, links: 0.2 },
  { from: 'NO', to: 'IS', pattern: LABOUR_MOBILITY, referrals: 0.2, links: 0.15 },
  { from: 'IS', to: 'DK', pattern: LABOUR_MOBILITY, referrals: 0.15, links: 0.15 },
  { from: 'DK', to: 'IS', pattern: LABOUR_MOBILITY, referrals: 0.1, links: 0.1 },
];
