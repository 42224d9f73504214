import {
  EU_MEMBER_STATES,
  type AgeBand,
  type CaseStatus,
  type CountryCode,
  type IdentificationStatus,
  type IsicSection,
  type MigrationStatus,
  type Sex,
} from '@nordic/schema';
import { isSeedCountry, type SeedCountry } from './seedCountries';
import type { PlannedSide } from './crossBorderPlan';
import { personSeedSalt } from './crossBorderPlan';
import {
  ADULT_AGE_BANDS,
  ASSISTANCE_COUNT,
  INDICATORS,
  LANGUAGES,
  MEANS_COUNT,
  MEANS_OF_CONTROL,
  MIGRATION_EU,
  MIGRATION_MINOR,
  MIGRATION_NON_EU_LABOUR,
  MIGRATION_NON_EU_OTHER,
  OPEN_CASE_ASSISTANCE_STATUS,
  PERPETRATOR_COUNT,
  PERPETRATOR_ROLES,
  PROFILES,
  RECRUITER_RELATIONSHIP,
  RECRUITMENT_METHODS,
  RISK,
  SECOND_CITIZENSHIPS,
  SECOND_FORMS,
  SEXUAL_TYPES,
  SPECIALIST_PROVIDER,
  SUPPORT,
  THIRD_EXPLOITATION_COUNTRIES,
  TRANSIT_COUNTRIES,
  femaleShareOf,
  formGroupOf,
  hasIndustry,
  isMinorBand,
  minorFactorOf,
  type CountryProfile,
  type FormGroup,
} from './distributions';
import { type FictionalPerson, fictionalNationalId, fictionalPerson } from './fictionalIdentity';
import { spell, spellingIn } from './nameSpellings';
import { monthOrdinal, yearMonth } from './months';
import { Rng, Stream, fmix32, hashString } from './random';
import { responsibleOrganisation } from './assistanceOrganisations';
import type { SyntheticCase } from './syntheticCase';
import { caseLocal, countrySalt, type YearLayout } from './volumes';
import { WeightedTable } from './weightedTable';

/*
 * Builds one synthetic case from its own seed (country, year, index). Nothing carries over from one case
 * to the next, so a case is the same however many cases are generated around it, and the cross-border
 * plan can fix a few attributes of a given index without disturbing any other case.
 */

type Exploitation = SyntheticCase['exploitations'][number];
type TraffickingEvent = SyntheticCase['events'][number];

const CASE_STATUS = WeightedTable.of<CaseStatus>({
  ACTIVE: 32,
  FOLLOW_UP: 18,
  CLOSED: 43,
  CLOSED_REFERRED: 7,
});
const INDICATOR_COUNT = new WeightedTable<number>([
  [1, 20],
  [2, 30],
  [3, 25],
  [4, 15],
  [5, 10],
]);
const CHILDREN_OF_WOMEN = new WeightedTable<number>([
  [0, 60],
  [1, 20],
  [2, 12],
  [3, 8],
]);
const CHILDREN_OF_MEN = new WeightedTable<number>([
  [0, 85],
  [1, 10],
  [2, 5],
]);
/** Months from opening to the identification decision. */
const DECISION_DELAY = [0, 0, 1, 1, 2, 3];
/** Months from opening to the start of an assistance episode. */
const ASSISTANCE_DELAY = [0, 0, 0, 1, 1, 2];
/** Nordic countries where people registered elsewhere in the network were exploited. */
const NORDIC_ABROAD = WeightedTable.of<CountryCode>({ SE: 35, NO: 25, DK: 25, FI: 12, IS: 3 });
/** EEA outside the EU: their citizens move like EU citizens. */
const EEA_NON_EU: ReadonlySet<string> = new Set(['NO', 'IS', 'LI', 'CH']);
/**
 * Observations of a seeded year end six months after it: a year then depends on nothing later (the
 * same year seeds the same in every range) and shows few events beyond the last seeded year.
 */
const HORIZON_MONTHS_AFTER_YEAR = 6;

const PERSON_SALT = personSeedSalt();
/** Age 18 in months: minorAtExploitation is true when the exploitation began before it (DOMAIN §2). */
const ADULT_AGE_MONTHS = 18 * 12;

function bornOrdinal(bornYearMonth: string | null): number | null {
  if (bornYearMonth === null) return null;
  const [year, month] = bornYearMonth.split('-').map(Number) as [number, number];
  return monthOrdinal(year, month);
}

export class CaseBuilder {
  private readonly rng = new Rng();
  private readonly personRng = new Rng();
  private readonly profile: CountryProfile;
  private readonly salt: number;
  private readonly nordicAbroad: WeightedTable<CountryCode>;

  constructor(private readonly country: SeedCountry) {
    this.profile = PROFILES[country];
    this.salt = countrySalt(country);
    this.nordicAbroad = NORDIC_ABROAD.without(country);
  }

  build(layout: YearLayout, index: number, month: number, side: PlannedSide | undefined): SyntheticCase {
    const { rng, profile, country } = this;
    const year = layout.year;
    rng.seed(this.salt, year, index, Stream.CASE);
    const openedOrd = monthOrdinal(year, month);
    const horizon = monthOrdinal(year, 12) + HORIZON_MONTHS_AFTER_YEAR;

    const form = side ? side.story.form : profile.forms.pick(rng);
    const group = formGroupOf(form);

    let sex: Sex;
    let ageBand: AgeBand;
    let citizenship: CountryCode[];
    if (side) {
      ({ sex, ageBand } = side.person);
      citizenship = side.person.citizenship.slice();
    } else {
      const minor = rng.chance(profile.minorShare * minorFactorOf(form));
      ageBand = minor ? (rng.chance(0.12) ? 'A0_8' : 'A9_17') : ADULT_AGE_BANDS.pick(rng);
      sex = rng.chance(0.015) ? 'UNKNOWN' : rng.chance(femaleShareOf(form)) ? 'FEMALE' : 'MALE';
      citizenship = this.citizenship();
    }
    const minor = isMinorBand(ageBand);
    const citizen = citizenship.includes(country);

    // Status first: the decision and assistance months must not come after the closing month.
    let status: CaseStatus;
    let closedOrd: number | null;
    if (side?.forced) {
      status = side.forced.status;
      closedOrd = side.forced.closedOrdinal;
    } else {
      status = CASE_STATUS.pick(rng);
      const closed = status === 'CLOSED' || status === 'CLOSED_REFERRED';
      closedOrd = closed ? Math.min(openedOrd + rng.range(0, 14), horizon) : null;
    }
    const lastOrd = closedOrd ?? horizon;

    const identificationStatus = profile.identification.pick(rng);
    const decidedOrd =
      identificationStatus === 'POTENTIAL' ? null : Math.min(openedOrd + rng.pick(DECISION_DELAY), lastOrd);

    // The person first: whether they were a child when the exploitation began depends on their birth.
    const drawn = fictionalPerson(
      side ? this.personRng.seed(PERSON_SALT, side.person.seed, year, Stream.PERSON) : rng,
      ageBand,
      year,
      side !== undefined,
    );
    const identity = side ? this.recordedHere(drawn, side) : drawn;
    const minorAtExploitation = this.minorAtExploitation(ageBand);
    const { fromOrd, toOrd } = this.exploitationMonths(
      openedOrd,
      identity.bornYearMonth,
      minorAtExploitation,
    );
    const exploitations = this.exploitations(side, form, group, citizenship, fromOrd, toOrd);
    const main = exploitations[0] as Exploitation;

    return {
      local: caseLocal(layout, index),
      registeringOrgType: profile.registeringOrg.pick(rng),
      openedMonth: yearMonth(openedOrd),
      closedMonth: closedOrd === null ? null : yearMonth(closedOrd),
      status,
      sex,
      ageBand,
      minorAtExploitation,
      citizenship,
      migrationStatus: this.migrationStatus(citizenship, citizen, minor, group, year),
      recruiterRelationship: rng.chance(0.35) ? null : RECRUITER_RELATIONSHIP[group].pick(rng),
      recruitmentMethods: rng.chance(0.45)
        ? []
        : RECRUITMENT_METHODS.pickDistinct(rng, rng.chance(0.7) ? 1 : 2),
      accompaniedChildrenCount: this.accompaniedChildren(minor, sex),
      languages: this.languages(citizenship, citizen),
      identification: {
        status: identificationStatus,
        decidedByOrgType: profile.decidedBy.pick(rng),
        decidedMonth: decidedOrd === null ? null : yearMonth(decidedOrd),
        reflectionPeriodEndsMonth: this.reflectionEnd(identificationStatus, decidedOrd),
      },
      exploitations,
      events: this.events(citizenship, main, fromOrd, bornOrdinal(identity.bornYearMonth)),
      indicators: this.indicators(group, openedOrd),
      assistance: this.assistance(group, minor, identificationStatus, openedOrd, closedOrd, horizon),
      perpetratorSummary: this.perpetratorSummary(group),
      legalBasisNational: rng.chance(0.25) ? null : profile.legalBasisNational,
      safetyRiskLevel: side?.riskLevel ?? RISK[group].pick(rng),
      identity: {
        familyName: identity.familyName,
        givenNames: identity.givenNames,
        birthYearMonth: identity.birthYearMonth,
        nationalIdNumber: citizen || rng.chance(0.3) ? fictionalNationalId(rng) : null,
        travelDocumentNumber: identity.travelDocumentNumber,
      },
      originReferralId: side?.originReferralId ?? null,
      responsibleOrgId: responsibleOrganisation(this.country, index),
    };
  }

  /**
   * A planned person as this country's register writes them (its spelling of the names, see
   * nameSpellings.ts); for the documented namesake, a different person of the same name (another birth month and document).
   */
  private recordedHere(person: FictionalPerson, side: PlannedSide): FictionalPerson {
    const spelling = spellingIn(this.country, side.person.seed);
    const written = {
      ...person,
      familyName: spell(person.familyName, spelling, 'family'),
      givenNames: spell(person.givenNames, spelling, 'given'),
      // A name typed without its letters was not copied from a document: no number either, so that
      // such a pair can meet only through the name token (and so through the normalisation).
      travelDocumentNumber: spelling === 'PLAIN' ? null : person.travelDocumentNumber,
    };
    if (!side.namesake) return written;
    const other = fmix32(side.person.seed ^ hashString('namesake'));
    const [year, month] = (person.birthYearMonth ?? '1990-01').split('-').map(Number) as [number, number];
    return {
      ...written,
      birthYearMonth: yearMonth(monthOrdinal(year, month) + 1),
      bornYearMonth: yearMonth(monthOrdinal(year, month) + 1),
      travelDocumentNumber: `X-SYN${String(other % 10_000_000).padStart(7, '0')}`,
    };
  }

  private citizenship(): CountryCode[] {
    const { rng } = this;
    if (rng.chance(0.02)) return []; // unknown
    const first = this.profile.citizenship.pick(rng);
    if (rng.chance(0.03)) {
      const second = rng.pick(SECOND_CITIZENSHIPS);
      if (second !== first) return [first, second];
    }
    return [first];
  }

  private minorAtExploitation(band: AgeBand): boolean | null {
    const { rng } = this;
    if (isMinorBand(band)) return true;
    if (band === 'UNKNOWN') return rng.chance(0.6) ? null : rng.chance(0.1);
    if (rng.chance(0.4)) return null;
    // Young adults were often children when the exploitation began.
    return rng.chance(band === 'A18_20' ? 0.25 : 0.03);
  }

  private migrationStatus(
    citizenship: readonly CountryCode[],
    citizen: boolean,
    minor: boolean,
    group: FormGroup,
    year: number,
  ): MigrationStatus | null {
    const { rng } = this;
    if (rng.chance(0.4)) return null;
    const first = citizenship[0];
    if (first === undefined) return 'UNKNOWN';
    if (citizen) return 'CITIZEN';
    if (minor) return MIGRATION_MINOR.pick(rng);
    if (EU_MEMBER_STATES.has(first) || EEA_NON_EU.has(first)) return MIGRATION_EU.pick(rng);
    // Ukrainians have had temporary protection since 2022 (FI NAS reports them separately).
    if (first === 'UA' && year >= 2022 && rng.chance(0.6)) return 'TEMPORARY_PROTECTION';
    return group === 'LABOUR' ? MIGRATION_NON_EU_LABOUR.pick(rng) : MIGRATION_NON_EU_OTHER.pick(rng);
  }

  private accompaniedChildren(minor: boolean, sex: Sex): number | null {
    const { rng } = this;
    if (minor) return rng.chance(0.5) ? 0 : null;
    if (rng.chance(0.45)) return null;
    return (sex === 'FEMALE' ? CHILDREN_OF_WOMEN : CHILDREN_OF_MEN).pick(this.rng);
  }

  private languages(citizenship: readonly CountryCode[], citizen: boolean): string[] {
    const { rng } = this;
    const first = citizenship[0];
    if (citizen) return [this.profile.language];
    const spoken = first === undefined ? ['en'] : (LANGUAGES[first] ?? ['en']).slice();
    if (!spoken.includes('en') && rng.chance(0.3)) spoken.push('en');
    if (rng.chance(0.08)) spoken.push(this.profile.language);
    return spoken;
  }

  private reflectionEnd(status: IdentificationStatus, decidedOrd: number | null): string | null {
    // CETS 197 Art. 13: a recovery and reflection period follows reasonable grounds (1–6 months here).
    if (decidedOrd === null || (status !== 'PRESUMED' && status !== 'IDENTIFIED')) return null;
    return yearMonth(decidedOrd + this.rng.range(1, 6));
  }

  /**
   * The exploitation's first and last months. It ends before (or when) the case is opened; start and end
   * are unknown about a third of the time. Left alone, it starts 1–24 months before opening; but the
   * months must agree with the person's actual birth month and minorAtExploitation, as the network's
   * case-record validation requires (caseRecordProblems.ts, DOMAIN §2), so where they would not:
   * - a person recorded as a child when it began (every child, a quarter of the 18–20s, a few older
   *   adults: minorAtExploitation) who was already 18 then was in fact exploited since childhood: the
   *   start moves back to 1–24 months before their 18th birthday (the flag's shares stay as drawn);
   * - a person recorded as an adult when it began, who was still 17 then, began on their 18th birthday;
   * - nobody is exploited before they were born (the youngest children).
   * Without a start month or an actual birth month (UNKNOWN band), or with the flag unknown, nothing
   * constrains the start. Draws beyond the original three happen only in the first case.
   */
  private exploitationMonths(
    openedOrd: number,
    bornYearMonth: string | null,
    minorAtExploitation: boolean | null,
  ): { fromOrd: number | null; toOrd: number | null } {
    const { rng } = this;
    const startsBefore = rng.range(1, 24);
    let fromOrd = rng.chance(0.7) ? openedOrd - startsBefore : null;
    const born = bornOrdinal(bornYearMonth);
    if (fromOrd !== null && born !== null) {
      const adultFrom = born + ADULT_AGE_MONTHS;
      if (minorAtExploitation === true && fromOrd >= adultFrom) fromOrd = adultFrom - rng.range(1, 24);
      else if (minorAtExploitation === false && fromOrd < adultFrom) fromOrd = adultFrom;
      fromOrd = Math.max(fromOrd, born);
    }
    const span = fromOrd === null ? startsBefore : openedOrd - fromOrd;
    const toOrd = rng.chance(0.65) ? openedOrd - rng.range(0, Math.min(3, span)) : null;
    return { fromOrd, toOrd };
  }

  private exploitationCountry(citizenship: readonly CountryCode[]): CountryCode {
    const { rng, country } = this;
    if (rng.chance(this.profile.domesticExploitation)) return country;
    const roll = rng.next();
    if (roll < 0.35) return this.nordicAbroad.pick(rng);
    const home = citizenship[0];
    if (roll < 0.6 && home !== undefined && home !== country) return home;
    return THIRD_EXPLOITATION_COUNTRIES.pick(rng);
  }

  private exploitations(
    side: PlannedSide | undefined,
    form: Exploitation['form'],
    group: FormGroup,
    citizenship: readonly CountryCode[],
    fromOrd: number | null,
    toOrd: number | null,
  ): Exploitation[] {
    const { rng, profile } = this;
    const where = side ? side.story.country : this.exploitationCountry(citizenship);
    let industry: IsicSection | null;
    let sexualType: Exploitation['sexualType'];
    if (side) {
      ({ industry, sexualType } = side.story);
    } else {
      industry = hasIndustry(form) && rng.chance(0.85) ? profile.industries.pick(rng) : null;
      sexualType = form === 'SEXUAL_EXPLOITATION' && rng.chance(0.65) ? SEXUAL_TYPES.pick(rng) : null;
    }
    const main: Exploitation = {
      form,
      sexualType,
      industry,
      country: where,
      fromMonth: fromOrd === null ? null : yearMonth(fromOrd),
      toMonth: toOrd === null ? null : yearMonth(toOrd),
      meansOfControl: rng.chance(0.12)
        ? ['NOT_SPECIFIED']
        : MEANS_OF_CONTROL[group].pickDistinct(rng, MEANS_COUNT.pick(rng)),
      onlineFacilitated: rng.chance(0.45) ? null : rng.chance(group === 'SEXUAL' ? 0.35 : 0.1),
    };
    if (side || !rng.chance(0.08)) return [main];

    // A few people were exploited in two ways (e.g. labour and sexual), usually in the same place.
    const second = SECOND_FORMS.pick(rng);
    if (second === form) return [main];
    const secondGroup = formGroupOf(second);
    return [
      main,
      {
        form: second,
        sexualType: second === 'SEXUAL_EXPLOITATION' && rng.chance(0.5) ? SEXUAL_TYPES.pick(rng) : null,
        industry: hasIndustry(second) && rng.chance(0.7) ? profile.industries.pick(rng) : null,
        country: rng.chance(0.7) ? where : this.country,
        fromMonth: null,
        toMonth: null,
        meansOfControl: MEANS_OF_CONTROL[secondGroup].pickDistinct(rng, rng.range(1, 2)),
        onlineFacilitated: null,
      },
    ];
  }

  private nuts2Of(place: CountryCode, industry: IsicSection | null, knownShare: number): string | null {
    const { rng } = this;
    if (!isSeedCountry(place) || !rng.chance(knownShare)) return null;
    const profile = PROFILES[place];
    return industry === 'A' && rng.chance(0.7) ? profile.ruralNuts2 : profile.nuts2.pick(rng);
  }

  private events(
    citizenship: readonly CountryCode[],
    main: Exploitation,
    fromOrd: number | null,
    born: number | null,
  ): TraffickingEvent[] {
    const { rng } = this;
    const exploitedIn = main.country;
    const home = citizenship[0];
    // Recruitment is usually in the country of citizenship.
    const recruitedIn: CountryCode =
      home !== undefined && rng.chance(0.85)
        ? home
        : exploitedIn !== this.country && rng.chance(0.5)
          ? exploitedIn
          : TRANSIT_COUNTRIES.pick(rng);
    const events: TraffickingEvent[] = [];
    if (rng.chance(0.9)) {
      events.push({
        type: 'RECRUITMENT',
        country: recruitedIn,
        nuts2: this.nuts2Of(recruitedIn, null, 0.4),
        // Recruited shortly before the exploitation began, when that is known (not before birth).
        month:
          fromOrd !== null && rng.chance(0.6)
            ? yearMonth(Math.max(fromOrd - rng.range(0, 6), born ?? Number.NEGATIVE_INFINITY))
            : null,
      });
    }
    if (recruitedIn !== exploitedIn && rng.chance(0.3)) {
      const via = TRANSIT_COUNTRIES.pick(rng);
      if (via !== recruitedIn && via !== exploitedIn) {
        events.push({ type: 'TRANSIT', country: via, nuts2: null, month: null });
      }
    }
    events.push({
      type: 'EXPLOITATION',
      country: exploitedIn,
      nuts2: this.nuts2Of(exploitedIn, main.industry, 0.6),
      month: main.fromMonth,
    });
    return events;
  }

  private indicators(group: FormGroup, openedOrd: number): SyntheticCase['indicators'] {
    const { rng, profile } = this;
    const picked = INDICATORS[group].pickDistinct(rng, INDICATOR_COUNT.pick(rng));
    const out: SyntheticCase['indicators'] = [];
    for (const indicator of picked) {
      out.push({
        indicator,
        observedByOrgType: profile.observers.pick(rng),
        month: yearMonth(openedOrd - (rng.chance(0.3) ? 1 : 0)),
      });
    }
    return out;
  }

  private assistance(
    group: FormGroup,
    minor: boolean,
    identification: IdentificationStatus,
    openedOrd: number,
    closedOrd: number | null,
    horizon: number,
  ): SyntheticCase['assistance'] {
    const { rng, profile } = this;
    const noneShare = identification === 'NOT_A_VICTIM' ? 0.5 : profile.unassistedShare;
    if (rng.chance(noneShare)) return [];
    const lastOrd = closedOrd ?? horizon;
    const types = SUPPORT[group][minor ? 1 : 0].pickDistinct(rng, ASSISTANCE_COUNT.pick(rng));
    const out: SyntheticCase['assistance'] = [];
    for (const type of types) {
      const specialist = SPECIALIST_PROVIDER[type];
      const startOrd = Math.min(openedOrd + rng.pick(ASSISTANCE_DELAY), lastOrd);
      const status =
        closedOrd !== null ? (rng.chance(0.9) ? 'ENDED' : 'DECLINED') : OPEN_CASE_ASSISTANCE_STATUS.pick(rng);
      const endOrd = status === 'ENDED' ? Math.min(startOrd + rng.range(0, 8), lastOrd) : null;
      out.push({
        type,
        providerOrgType:
          specialist !== undefined && rng.chance(0.6) ? specialist : profile.providers.pick(rng),
        status,
        startMonth: yearMonth(startOrd),
        endMonth: endOrd === null ? null : yearMonth(endOrd),
      });
    }
    return out;
  }

  private perpetratorSummary(group: FormGroup): SyntheticCase['perpetratorSummary'] {
    const { rng } = this;
    if (rng.chance(0.4)) return null;
    return {
      count: rng.chance(0.3) ? null : PERPETRATOR_COUNT.pick(rng),
      roles: rng.chance(0.25) ? [] : PERPETRATOR_ROLES.pickDistinct(rng, rng.range(1, 3)),
      // 2024/1712: legal persons are mostly involved in labour exploitation (staffing, subcontracting).
      legalPersonInvolved: rng.chance(0.45) ? null : rng.chance(group === 'LABOUR' ? 0.3 : 0.05),
      criminalInvestigationOpened: rng.chance(0.3) ? null : rng.chance(0.45),
    };
  }
}
