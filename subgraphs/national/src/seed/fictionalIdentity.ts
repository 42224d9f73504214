import type { AgeBand } from '@nordic/schema';
import { AGE_RANGES } from './distributions';
import type { Rng } from './random';
import { monthOrdinal, yearMonth } from './months';

/*
 * National-only identities of synthetic people (DOMAIN §5.4 rule 1: no real people). Names are glued
 * from invented syllables that belong to no language's name stock, so no combination is copied from
 * any list of real persons; every identifier is marked SYN and fails its own checksum.
 */

// Some syllables carry Nordic letters (å, ä, æ, ö, ø, ü, þ, ð, ý), so that registers spelling them
// differently (nameSpellings.ts) exercise the normalisation of match tokens.
const FAMILY_HEADS = [
  'Zør',
  'Quel',
  'Våsh',
  'Mirr',
  'Töx',
  'Ýnd',
  'Præx',
  'Lum',
  'Bex',
  'Þrav',
  'Kesh',
  'Üld',
];
const FAMILY_MIDS = ['a', 'o', 'i', 'u', 'ar', 'ix', 'ul', 'en', 'oz'];
const FAMILY_TAILS = ['qel', 'vant', 'ðrix', 'mosk', 'zuun', 'thrap', 'lix', 'gørv', 'nesk', 'pim', 'wyq'];
const GIVEN_HEADS = [
  'Ael',
  'Bry',
  'Cyx',
  'Døv',
  'Eshu',
  'Fåi',
  'Gry',
  'Hox',
  'Ilv',
  'Jün',
  'Kyr',
  'Lev',
  'Myx',
];
const GIVEN_MORE = [
  'Nao',
  'Oru',
  'Pim',
  'Quv',
  'Råsk',
  'Syl',
  'Tiv',
  'Uzz',
  'Vey',
  'Wex',
  'Xan',
  'Yöl',
  'Zev',
];
const GIVEN_STARTS = [...GIVEN_HEADS, ...GIVEN_MORE];
const GIVEN_TAILS = ['a', 'o', 'in', 'ek', 'is', 'ua', 'ix', 'eth', 'ou', 'yl'];

export interface FictionalPerson {
  familyName: string;
  givenNames: string;
  /** The birth month as recorded: null when the register does not know it. */
  birthYearMonth: string | null;
  /**
   * The person's actual birth month, recorded or not (null only for the UNKNOWN age band): the
   * exploitation's months and minorAtExploitation are made consistent with it (caseBuilder.ts).
   */
  bornYearMonth: string | null;
  travelDocumentNumber: string | null;
}

function familyName(rng: Rng): string {
  const mid = rng.chance(0.5) ? rng.pick(FAMILY_MIDS) : '';
  return rng.pick(FAMILY_HEADS) + mid + rng.pick(FAMILY_TAILS);
}

function givenName(rng: Rng): string {
  return rng.pick(GIVEN_STARTS) + rng.pick(GIVEN_TAILS);
}

/**
 * A birth month that keeps the person inside `band` in every month of `openedYear`: age a is drawn in
 * [lo, hi - 1] and the birth year set to openedYear - a - 1, so the age is a or a + 1 all year round.
 * That lets two countries that open cases on the same person in different months agree on the band.
 */
export function birthYearMonthFor(rng: Rng, band: AgeBand, openedYear: number): string | null {
  if (band === 'UNKNOWN') return null;
  const [lo, hi] = AGE_RANGES[band];
  const age = rng.range(lo, hi - 1);
  return yearMonth(monthOrdinal(openedYear - age - 1, rng.range(1, 12)));
}

/**
 * Names, birth month and travel document of one person. With `wellDocumented` (people in a planned
 * cross-border pair) the birth month and document are always present, so that later record linkage has
 * something to match on; otherwise they are missing as often as in real registers.
 */
export function fictionalPerson(
  rng: Rng,
  band: AgeBand,
  openedYear: number,
  wellDocumented: boolean,
): FictionalPerson {
  const family = familyName(rng);
  const given = rng.chance(0.3) ? `${givenName(rng)} ${givenName(rng)}` : givenName(rng);
  const birth = birthYearMonthFor(rng, band, openedYear);
  const knowsBirth = wellDocumented || rng.chance(0.88);
  const hasDocument = wellDocumented || rng.chance(0.65);
  return {
    familyName: family,
    givenNames: given,
    birthYearMonth: knowsBirth ? birth : null,
    bornYearMonth: birth,
    travelDocumentNumber: hasDocument ? `X-SYN${rng.digits(7)}` : null,
  };
}

/** "SYN-" + 9 digits + a check digit that is deliberately wrong (Luhn), so it can never validate. */
export function fictionalNationalId(rng: Rng): string {
  const body = rng.digits(9);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let digit = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  const valid = (10 - (sum % 10)) % 10;
  const wrong = (valid + 1 + rng.int(9)) % 10;
  return `SYN-${body}${wrong}`;
}
