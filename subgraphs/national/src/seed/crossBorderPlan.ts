import {
  formatGlobalId,
  type AgeBand,
  type CaseStatus,
  type CountryCode,
  type ExploitationForm,
  type IsicSection,
  type LinkBasis,
  type Purpose,
  type ReferralReason,
  type RiskLevel,
  type Sex,
  type SexualExploitationType,
  type SupportType,
  type Urgency,
} from '@nordic/schema';
import { SEED_COUNTRIES, type SeedCountry } from './seedCountries';
import { ROUTES, type CrossBorderPattern } from './crossBorderRoutes';
import { RESPONSE_NOTES, RISK, SEXUAL_TYPES, femaleShareOf, formGroupOf, hasIndustry } from './distributions';
import { monthOrdinal, yearMonth } from './months';
import { GENERATOR_SALT, Rng, Stream, hashString } from './random';
import { caseLocal, countrySalt, yearLayout, type YearLayout } from './volumes';
import { WeightedTable } from './weightedTable';

/*
 * The network plan: which cases of which countries are the same person, linked or referred across a
 * border. It is a pure function of (year, scale) — never of the country being seeded nor of the year
 * range — so FI's seed and SE's seed, run separately, agree on every pair: when FI's data says FI case X
 * is linked to SE case Y, seeding SE yields case Y with the link back.
 *
 * Both cases of a pair are opened in the same year, so a year's plan needs only that year's case counts
 * (known without generating cases, see volumes.ts) and a year comes out the same in every range.
 */

/** Who the person is; both countries' cases of a pair carry the same values and the same identity seed. */
export interface PlannedPerson {
  readonly seed: number;
  readonly sex: Sex;
  readonly ageBand: AgeBand;
  readonly citizenship: readonly CountryCode[];
}

/** The exploitation both countries record for the pair (the main one). */
export interface PlannedStory {
  readonly form: ExploitationForm;
  readonly sexualType: SexualExploitationType | null;
  readonly industry: IsicSection | null;
  readonly country: CountryCode;
}

/** What the plan fixes about one country's case; the case generator draws everything else. */
export interface PlannedSide {
  readonly index: number;
  /** Opening month 1–12 (the month the index falls in). */
  readonly month: number;
  readonly person: PlannedPerson;
  readonly story: PlannedStory;
  readonly riskLevel: RiskLevel | null;
  /** Status forced by a referral (the sender closes as referred, the receiver keeps the case open or closes it). */
  readonly forced: { readonly status: CaseStatus; readonly closedOrdinal: number | null } | null;
  readonly originReferralId: string | null;
  /**
   * A different person who shares the name of the other side's (the documented namesake pair): same
   * name, citizenship and profile, another birth month and travel document. Matching must not pair them.
   */
  readonly namesake?: boolean;
}

export interface PlannedCaseRef {
  readonly country: SeedCountry;
  readonly local: string;
  readonly globalId: string;
}

export interface PlannedLink {
  readonly id: string;
  /** Identity seed of the person both cases record. */
  readonly personSeed: number;
  readonly basis: LinkBasis;
  readonly confirmedBy: readonly SeedCountry[];
  readonly createdMonth: string;
  readonly cases: readonly [PlannedCaseRef, PlannedCaseRef];
}

/** UNANSWERED becomes SENT (pending) in the last seeded year and EXPIRED before it. */
export type ReferralOutcome = 'ACCEPTED' | 'COMPLETED' | 'DECLINED' | 'WITHDRAWN' | 'UNANSWERED';

export interface PlannedReferral {
  readonly local: string;
  readonly year: number;
  readonly from: SeedCountry;
  readonly to: SeedCountry;
  readonly caseLocal: string;
  readonly reason: ReferralReason;
  readonly urgency: Urgency;
  readonly purpose: Purpose;
  readonly needs: readonly SupportType[];
  readonly consentRecorded: boolean;
  readonly outcome: ReferralOutcome;
  readonly sentAtMs: number;
  readonly respondedAtMs: number | null;
  readonly responseNote: string | null;
  readonly destinationCaseId: string | null;
}

export interface YearPlan {
  readonly year: number;
  readonly scale: number;
  readonly sides: Readonly<Record<SeedCountry, ReadonlyMap<number, PlannedSide>>>;
  readonly links: readonly PlannedLink[];
  readonly referrals: readonly PlannedReferral[];
  /** The documented namesake pair (FI, SE) in NAMESAKE_YEAR, else null. */
  readonly namesakes: readonly [PlannedCaseRef, PlannedCaseRef] | null;
}

/**
 * The year of the one documented pair of different people who must NOT match: a Finnish and a Swedish
 * case, unlinked, opened in May, whose persons share family and given names (spelled as each register
 * does), citizenship, sex and age band, but not birth month nor travel document.
 */
export const NAMESAKE_YEAR = 2023;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Bresenham epoch of the yearly pair quotas (any fixed year works). */
const QUOTA_EPOCH = 2000;

const LINK_BASIS = WeightedTable.of<LinkBasis>({ MATCH_TOKEN: 45, POLICE_CONFIRMED: 30, MANUAL: 25 });
const OUTCOMES = WeightedTable.of<Exclude<ReferralOutcome, 'UNANSWERED'>>({
  ACCEPTED: 68,
  COMPLETED: 12,
  DECLINED: 16,
  WITHDRAWN: 4,
});
const URGENCY_BY_RISK: Readonly<Record<RiskLevel, WeightedTable<Urgency>>> = {
  HIGH: WeightedTable.of<Urgency>({ IMMEDIATE: 40, URGENT: 55, ROUTINE: 5 }),
  MEDIUM: WeightedTable.of<Urgency>({ URGENT: 40, ROUTINE: 60 }),
  LOW: WeightedTable.of<Urgency>({ ROUTINE: 90, URGENT: 10 }),
  UNKNOWN: WeightedTable.of<Urgency>({ ROUTINE: 85, URGENT: 15 }),
};
/** Working days to an answer; the overall median lands at 3–7 days (DOMAIN §5.3). */
const RESPONSE_DAYS: Readonly<Record<Urgency, readonly number[]>> = {
  IMMEDIATE: [0, 0, 1, 1, 2],
  URGENT: [1, 2, 2, 3, 4],
  ROUTINE: [2, 3, 4, 5, 5, 6, 7, 8, 10, 12, 14],
};
/** Months between the first case's opening and the referral (mostly the same month). */
const SEND_DELAY = [0, 0, 0, 1, 1, 2];

function seq6(n: number): string {
  return String(n).padStart(6, '0');
}

/** Network order (FI, SE, NO, DK, IS), so both countries store the same confirmedBy list. */
function confirmedByOf(a: SeedCountry, b: SeedCountry): SeedCountry[] {
  return SEED_COUNTRIES.filter((c) => c === a || c === b);
}

/**
 * Pairs of a route in `year`: rate spread over the years Bresenham-style, so any run of n years holds
 * floor(rate * n) or more pairs (a rate of 0.15 still gives IS a link in a 7-year demo), with no dice.
 */
function pairsInYear(rate: number, year: number, phase: number): number {
  const t = year - QUOTA_EPOCH;
  return Math.floor(rate * (t + 1) + phase) - Math.floor(rate * t + phase);
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * Hands out distinct case indices of one country and year, month by month. Within a month the k-th
 * pick is start + (offset + k * stride) mod count with stride coprime to count: a permutation, so no
 * index is given twice (a case takes part in at most one pair) and no set of used indices is kept.
 */
class IndexAllocator {
  private readonly used = new Int32Array(12);
  private readonly offsets: number[] = [];
  private readonly strides: number[] = [];

  constructor(private readonly layout: YearLayout) {
    const rng = new Rng(countrySalt(layout.country), layout.year, 0, Stream.PLAN_ALLOCATOR);
    for (let m = 0; m < 12; m++) {
      const count = this.countIn(m);
      let stride = Math.max(1, Math.round(count * 0.6180339887));
      while (count > 1 && gcd(stride, count) !== 1) stride++;
      this.offsets.push(count > 0 ? rng.int(count) : 0);
      this.strides.push(stride);
    }
  }

  private countIn(m: number): number {
    return (this.layout.monthStart[m + 1] as number) - (this.layout.monthStart[m] as number);
  }

  /**
   * An unused index opened in month `first`..`last` (1–12, in that order); unless `strict`, any later
   * and then earlier month will do. Null when the country has no free case left there.
   */
  take(first: number, last: number, strict: boolean): { index: number; month: number } | null {
    for (let m = first; m <= last; m++) {
      const hit = this.takeIn(m);
      if (hit) return hit;
    }
    if (strict) return null;
    for (let m = last + 1; m <= 12; m++) {
      const hit = this.takeIn(m);
      if (hit) return hit;
    }
    for (let m = 1; m < first; m++) {
      const hit = this.takeIn(m);
      if (hit) return hit;
    }
    return null;
  }

  private takeIn(month: number): { index: number; month: number } | null {
    const m = month - 1;
    const count = this.countIn(m);
    const k = this.used[m] as number;
    if (k >= count) return null;
    this.used[m] = k + 1;
    const position = ((this.offsets[m] as number) + k * (this.strides[m] as number)) % count;
    return { index: (this.layout.monthStart[m] as number) + position, month };
  }
}

function plannedPerson(rng: Rng, pattern: CrossBorderPattern, form: ExploitationForm): PlannedPerson {
  const female = pattern.femaleShare ?? femaleShareOf(form);
  return {
    seed: rng.u32(),
    sex: rng.chance(female) ? 'FEMALE' : 'MALE',
    ageBand: pattern.ageBands.pick(rng),
    citizenship: [pattern.citizenship.pick(rng)],
  };
}

function plannedStory(
  rng: Rng,
  pattern: CrossBorderPattern,
  form: ExploitationForm,
  from: SeedCountry,
  to: SeedCountry,
): PlannedStory {
  const where = pattern.exploitedIn.pick(rng);
  return {
    form,
    sexualType: form === 'SEXUAL_EXPLOITATION' && rng.chance(0.8) ? SEXUAL_TYPES.pick(rng) : null,
    industry: hasIndustry(form) && pattern.industries ? pattern.industries.pick(rng) : null,
    country: where === 'FROM' ? from : where === 'TO' ? to : pattern.thirdCountries.pick(rng),
  };
}

function noteFor(rng: Rng, outcome: ReferralOutcome): string | null {
  if (outcome === 'ACCEPTED') return rng.chance(0.7) ? rng.pick(RESPONSE_NOTES.ACCEPTED) : null;
  if (outcome === 'COMPLETED') return rng.pick(RESPONSE_NOTES.COMPLETED);
  if (outcome === 'DECLINED') return rng.chance(0.85) ? rng.pick(RESPONSE_NOTES.DECLINED) : null;
  return null;
}

function buildYearPlan(year: number, scale: number): YearPlan {
  const layouts = {} as Record<SeedCountry, YearLayout>;
  const allocators = {} as Record<SeedCountry, IndexAllocator>;
  const sides = {} as Record<SeedCountry, Map<number, PlannedSide>>;
  const linkSeq = {} as Record<SeedCountry, number>;
  const referralSeq = {} as Record<SeedCountry, number>;
  for (const country of SEED_COUNTRIES) {
    layouts[country] = yearLayout(country, year, scale);
    allocators[country] = new IndexAllocator(layouts[country]);
    sides[country] = new Map();
    linkSeq[country] = 0;
    referralSeq[country] = 0;
  }
  const links: PlannedLink[] = [];
  const referrals: PlannedReferral[] = [];
  const rng = new Rng();

  const ref = (country: SeedCountry, index: number): PlannedCaseRef => {
    const local = caseLocal(layouts[country], index);
    return { country, local, globalId: formatGlobalId(country, 'Case', local) };
  };
  const nextLinkId = (proposer: SeedCountry): string =>
    formatGlobalId(proposer, 'CaseLink', `${year}-${seq6(++linkSeq[proposer])}`);

  ROUTES.forEach((route, routeIndex) => {
    const { from, to, pattern } = route;
    const [firstMonth, lastMonth] = pattern.months;

    // Referrals first: they carry the richest consistency (origin ids, destination cases, links).
    const referralPhase = new Rng(GENERATOR_SALT, routeIndex, 0, Stream.PLAN_ROUTE).next();
    const referralCount = pairsInYear(route.referrals * scale, year, referralPhase);
    for (let k = 0; k < referralCount; k++) {
      rng.seed(GENERATOR_SALT ^ Stream.PLAN_PAIR, year, routeIndex * 2, k);
      const form = pattern.forms.pick(rng);
      const person = plannedPerson(rng, pattern, form);
      const story = plannedStory(rng, pattern, form, from, to);
      const origin = allocators[from].take(rng.range(firstMonth, lastMonth), lastMonth, false);
      if (!origin) continue;

      const riskLevel = RISK[formGroupOf(form)].pick(rng);
      const urgency = URGENCY_BY_RISK[riskLevel].pick(rng);
      const sentMonth = Math.min(12, origin.month + rng.pick(SEND_DELAY));
      // Early enough in December that the longest answer still falls within the year.
      const sentDay = rng.range(1, sentMonth === 12 ? 12 : 28);
      const sentAtMs = Date.UTC(year, sentMonth - 1, sentDay, rng.range(7, 16), rng.range(0, 59));
      let outcome: ReferralOutcome = sentMonth >= 10 && rng.chance(0.3) ? 'UNANSWERED' : OUTCOMES.pick(rng);
      const respondedAtMs =
        outcome === 'UNANSWERED' || outcome === 'WITHDRAWN'
          ? null
          : sentAtMs + rng.pick(RESPONSE_DAYS[urgency]) * DAY_MS + rng.range(1, 6) * HOUR_MS;
      const respondedMonth = respondedAtMs === null ? sentMonth : new Date(respondedAtMs).getUTCMonth() + 1;

      let destination: { index: number; month: number } | null = null;
      if (outcome === 'ACCEPTED' || outcome === 'COMPLETED') {
        // The receiver opens its case when it accepts, never before the referral was sent.
        destination = allocators[to].take(respondedMonth, 12, true);
        if (!destination) outcome = 'DECLINED';
      }

      const referralLocal = `${year}-${seq6(++referralSeq[from])}`;
      const referralId = formatGlobalId(from, 'Referral', referralLocal);
      const originRef = ref(from, origin.index);
      let destinationCaseId: string | null = null;
      let senderForced: PlannedSide['forced'] = null;

      if (destination) {
        const destinationRef = ref(to, destination.index);
        destinationCaseId = destinationRef.globalId;
        links.push({
          id: nextLinkId(from),
          personSeed: person.seed,
          basis: 'REFERRAL',
          confirmedBy: confirmedByOf(from, to),
          createdMonth: yearMonth(monthOrdinal(year, destination.month)),
          cases: [originRef, destinationRef],
        });
        senderForced = rng.chance(0.75)
          ? { status: 'CLOSED_REFERRED', closedOrdinal: monthOrdinal(year, respondedMonth) }
          : { status: 'FOLLOW_UP', closedOrdinal: null };
        const receiverForced: PlannedSide['forced'] =
          outcome === 'COMPLETED'
            ? { status: 'CLOSED', closedOrdinal: monthOrdinal(year, destination.month) + rng.range(1, 6) }
            : { status: rng.chance(0.7) ? 'ACTIVE' : 'FOLLOW_UP', closedOrdinal: null };
        sides[to].set(destination.index, {
          index: destination.index,
          month: destination.month,
          person,
          story,
          riskLevel,
          forced: receiverForced,
          originReferralId: referralId,
        });
      }
      sides[from].set(origin.index, {
        index: origin.index,
        month: origin.month,
        person,
        story,
        riskLevel,
        forced: senderForced,
        originReferralId: null,
      });
      referrals.push({
        local: referralLocal,
        year,
        from,
        to,
        caseLocal: originRef.local,
        reason: pattern.reasons.pick(rng),
        urgency,
        purpose: rng.chance(0.75) ? 'CROSS_BORDER_REFERRAL' : 'VICTIM_ASSISTANCE_CONTINUITY',
        needs: pattern.needs.pickDistinct(rng, rng.range(2, 4)),
        consentRecorded: rng.chance(0.88),
        outcome,
        sentAtMs,
        respondedAtMs,
        responseNote: noteFor(rng, outcome),
        destinationCaseId,
      });
    }

    // Links without a referral: the same person registered independently in both countries.
    const linkPhase = new Rng(GENERATOR_SALT, routeIndex, 1, Stream.PLAN_ROUTE).next();
    const linkCount = pairsInYear(route.links * scale, year, linkPhase);
    for (let k = 0; k < linkCount; k++) {
      rng.seed(GENERATOR_SALT ^ Stream.PLAN_PAIR, year, routeIndex * 2 + 1, k);
      const form = pattern.forms.pick(rng);
      const person = plannedPerson(rng, pattern, form);
      const story = plannedStory(rng, pattern, form, from, to);
      const a = allocators[from].take(rng.range(firstMonth, lastMonth), lastMonth, false);
      if (!a) continue;
      const wanted = Math.min(12, Math.max(1, a.month + rng.range(-1, 2)));
      const b = allocators[to].take(wanted, Math.max(wanted, lastMonth), false);
      if (!b) continue;
      const createdMonth = Math.min(12, Math.max(a.month, b.month) + rng.range(0, 2));
      links.push({
        id: nextLinkId(from),
        personSeed: person.seed,
        basis: LINK_BASIS.pick(rng),
        confirmedBy: confirmedByOf(from, to),
        createdMonth: yearMonth(monthOrdinal(year, createdMonth)),
        cases: [ref(from, a.index), ref(to, b.index)],
      });
      const side = { person, story, riskLevel: null, forced: null, originReferralId: null };
      sides[from].set(a.index, { ...side, index: a.index, month: a.month });
      sides[to].set(b.index, { ...side, index: b.index, month: b.month });
    }
  });

  // Last, so that it takes no case any route would otherwise have had.
  let namesakes: YearPlan['namesakes'] = null;
  if (year === NAMESAKE_YEAR) {
    const route = ROUTES.find((r) => r.from === 'FI' && r.to === 'SE');
    rng.seed(GENERATOR_SALT ^ Stream.PLAN_PAIR, year, ROUTES.length * 2, 0);
    const a = allocators.FI.take(5, 5, false);
    const b = allocators.SE.take(5, 5, false);
    if (route && a && b) {
      const form = route.pattern.forms.pick(rng);
      const person = plannedPerson(rng, route.pattern, form);
      const story = plannedStory(rng, route.pattern, form, 'FI', 'SE');
      const side = { person, story, riskLevel: null, forced: null, originReferralId: null };
      sides.FI.set(a.index, { ...side, index: a.index, month: a.month });
      sides.SE.set(b.index, { ...side, index: b.index, month: b.month, namesake: true });
      namesakes = [ref('FI', a.index), ref('SE', b.index)];
    }
  }

  return { year, scale, sides, links, referrals, namesakes };
}

const planCache = new Map<string, YearPlan>();
const PLAN_CACHE_LIMIT = 64;

/** The plan of one year; identical for every country, cached because each seeded country asks for it. */
export function yearPlan(year: number, scale: number): YearPlan {
  const key = `${year}:${scale}`;
  let plan = planCache.get(key);
  if (!plan) {
    plan = buildYearPlan(year, scale);
    if (planCache.size >= PLAN_CACHE_LIMIT) planCache.clear();
    planCache.set(key, plan);
  }
  return plan;
}

/** Seed of a planned person's identity stream, shared by both countries of the pair. */
export function personSeedSalt(): number {
  return hashString('person') ^ GENERATOR_SALT;
}
