import fc from 'fast-check';
import { justificationProblem } from '../../schema/src/matching/justification';

/*
 * The written justification of a person match must hold no identifier (issue 12, point 7): property
 * tests with GENERATED dates, Nordic personal identity numbers, document and phone numbers and e-mail
 * addresses, each set inside ordinary text long enough that the digit share alone would not catch it.
 */

const BEFORE = [
  'The victim told the caseworker that she lived in another Nordic country before coming here;',
  'We need to know whether the person is already assisted elsewhere, the police report says',
  'Continuity of assistance for the young person: the social worker noted',
];
const AFTER = [
  'so a duplicate check is needed before the referral is sent.',
  'and the coordinator must confirm it with the other country.',
  'which we cannot verify from our own records.',
];

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const MONTHS_FI = [
  'tammikuuta',
  'helmikuuta',
  'maaliskuuta',
  'huhtikuuta',
  'toukokuuta',
  'kesäkuuta',
  'heinäkuuta',
  'elokuuta',
  'syyskuuta',
  'lokakuuta',
  'marraskuuta',
  'joulukuuta',
];
const MONTHS_SV = [
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
];
const MONTHS_DA = [
  'januar',
  'februar',
  'marts',
  'april',
  'maj',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'december',
];
const MONTHS_NO = [
  'januar',
  'februar',
  'mars',
  'april',
  'mai',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'desember',
];
const MONTHS_IS = [
  'janúar',
  'febrúar',
  'mars',
  'apríl',
  'maí',
  'júní',
  'júlí',
  'ágúst',
  'september',
  'október',
  'nóvember',
  'desember',
];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const birthDate = fc.date({ min: new Date('1930-01-01'), max: new Date('2025-12-31'), noInvalidDate: true });
const ymd = (d: Date) => ({ y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() });

/** A date in one of the formats people write. */
const writtenDate = fc.tuple(birthDate, fc.integer({ min: 0, max: 15 })).map(([date, format]) => {
  const { y, m, d } = ymd(date);
  const yy = pad(y % 100);
  const month = m - 1;
  switch (format) {
    case 0:
      return `${y}-${pad(m)}-${pad(d)}`; // ISO
    case 1:
      return `${y}/${m}/${d}`;
    case 2:
      return `${d}.${m}.${y}`; // d.m.yyyy
    case 3:
      return `${pad(d)}.${pad(m)}.${y}`;
    case 4:
      return `${pad(d)}/${pad(m)}/${yy}`; // dd/mm/yy
    case 5:
      return `${d}/${m}/${y}`;
    case 6:
      return `${d}-${m}-${yy}`;
    case 7:
      return `${d} ${MONTHS_EN[month]} ${y}`; // "4 March 1998"
    case 8:
      return `${d}th of ${MONTHS_EN[month]} ${y}`;
    case 9:
      return `${MONTHS_EN[month]} ${d}, ${y}`;
    case 10:
      return `${d}. ${MONTHS_FI[month]} ${y}`;
    case 11:
      return `${d} ${MONTHS_SV[month]} ${y}`;
    case 12:
      return `${d}. ${MONTHS_DA[month]} ${y}`;
    case 13:
      return `${d}. ${MONTHS_NO[month]} ${y}`;
    case 14:
      return `${d}. ${MONTHS_IS[month]} ${y}`;
    default:
      return `${pad(d)}.${pad(m)}.`; // a birthday without the year
  }
});

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
const ddmmyy = birthDate.map((date) => {
  const { y, m, d } = ymd(date);
  return { text: `${pad(d)}${pad(m)}${pad(y % 100)}`, y };
});

/** Finnish henkilötunnus: ddmmyy, century sign, individual number, check character. */
const finnishId = fc
  .tuple(ddmmyy, fc.integer({ min: 2, max: 899 }), fc.integer({ min: 0, max: 5 }))
  .map(([date, individual, sign]) => {
    const century = date.y >= 2000 ? 'ABCDEF'[sign] : '-YXWVU'[sign];
    const number = `${date.text}${pad(individual, 3)}`;
    return `${date.text}${century}${pad(individual, 3)}${'0123456789ABCDEFHJKLMNPRSTUVWXY'[Number(number) % 31]}`;
  });
/** Swedish personnummer: yymmdd-nnnn, yymmdd+nnnn, yyyymmddnnnn, yyyymmdd-nnnn. */
const swedishId = fc.tuple(birthDate, digits(4), fc.integer({ min: 0, max: 3 })).map(([date, last, form]) => {
  const { y, m, d } = ymd(date);
  const short = `${pad(y % 100)}${pad(m)}${pad(d)}`;
  return [
    `${short}-${last}`,
    `${short}+${last}`,
    `${y}${pad(m)}${pad(d)}${last}`,
    `${y}${pad(m)}${pad(d)}-${last}`,
  ][form]!;
});
/** Norwegian fødselsnummer: 11 digits (ddmmyy + 5), also written with a space. */
const norwegianId = fc
  .tuple(ddmmyy, digits(5), fc.boolean())
  .map(([date, rest, space]) => `${date.text}${space ? ' ' : ''}${rest}`);
/** Danish CPR: ddmmyy-nnnn. */
const danishId = fc.tuple(ddmmyy, digits(4)).map(([date, rest]) => `${date.text}-${rest}`);
/** Icelandic kennitala: ddmmyy-nnnn (also without the dash). */
const icelandicId = fc
  .tuple(ddmmyy, digits(4), fc.boolean())
  .map(([date, rest, dash]) => `${date.text}${dash ? '-' : ''}${rest}`);

function isPlausibleYearSpan(text: string): boolean {
  const years = /^\D*((?:19|20)\d{2})\D+((?:19|20)\d{2})$/u.exec(text);
  return !!years && Number(years[2]) > Number(years[1]) && Number(years[2]) - Number(years[1]) <= 10;
}

/** Document numbers with separators and prefixes: "FI 1234-567-89", "AB 123 4567", "FP-1234567", "XA1234567". */
const documentNumber = fc
  .tuple(
    fc.constantFrom('', 'FI ', 'passport ', 'AB ', 'FP-', 'XA', 'N'),
    fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 4 }),
    fc.constantFrom('-', ' ', '.', '/'),
    fc.integer(),
  )
  .chain(([prefix, groups, separator]) =>
    fc
      .tuple(...groups.map((g) => digits(g)))
      .map((parts) => ({ text: `${prefix}${parts.join(separator)}`, total: parts.join('').length })),
  )
  .filter((d) => d.total >= 5)
  // "FI 2019/2020" reads as a span of years as much as a number; the filter lets such spans through.
  .filter((d) => !isPlausibleYearSpan(d.text))
  .map((d) => d.text);
const compactDocument = fc
  .tuple(fc.stringMatching(/^[A-Z]{1,2}$/), digits(7))
  .map(([letters, number]) => `${letters}${number}`);

/** Phone numbers: +358 40 123 4567, 040-1234567, (08) 123 45 67, +47 912 34 567. */
const phoneNumber = fc
  .tuple(
    fc.constantFrom('+358 ', '+46 ', '+47 ', '+45 ', '+354 ', '0', '(08) ', '00358 '),
    fc.array(fc.integer({ min: 2, max: 4 }), { minLength: 2, maxLength: 4 }),
    fc.constantFrom(' ', '-', ''),
  )
  .chain(([prefix, groups, separator]) =>
    fc
      .tuple(...groups.map((g) => digits(g)))
      .map((parts) => ({ text: `${prefix}${parts.join(separator)}`, n: parts.join('').length })),
  )
  .filter((p) => p.n >= 6)
  .map((p) => p.text);

const inText = (identifier: fc.Arbitrary<string>) =>
  fc
    .tuple(fc.constantFrom(...BEFORE), identifier, fc.constantFrom(...AFTER))
    .map(([a, id, b]) => `${a} ${id} ${b}`);

const rejected = (name: string, identifier: fc.Arbitrary<string>) =>
  it(`rejects ${name} inside ordinary text`, () => {
    fc.assert(
      fc.property(inText(identifier), (text) => {
        expect(text.length).toBeLessThanOrEqual(500);
        expect({ text, problem: justificationProblem(text) }).toEqual({ text, problem: expect.any(String) });
      }),
    );
  });

describe('the justification filter', () => {
  rejected(
    'dates in common formats (ISO, d.m.yyyy, dd/mm/yy, "4 March 1998", Nordic month names)',
    writtenDate,
  );
  rejected('Finnish personal identity numbers (ddmmyy[-+A]nnnC)', finnishId);
  rejected('Swedish personal identity numbers (yymmdd-nnnn, yyyymmddnnnn)', swedishId);
  rejected('Norwegian personal identity numbers (11 digits)', norwegianId);
  rejected('Danish personal identity numbers (ddmmyy-nnnn)', danishId);
  rejected('Icelandic kennitala (ddmmyy-nnnn)', icelandicId);
  rejected('document numbers with separators', documentNumber);
  rejected('document numbers of letters and digits', compactDocument);
  rejected('e-mail addresses', fc.emailAddress());
  rejected('phone numbers', phoneNumber);

  it('accepts ordinary text with counts, ages and years', () => {
    const words = fc.constantFrom(
      'victim',
      'shelter',
      'children',
      'police',
      'said',
      'she',
      'was',
      'in',
      'Sweden',
      'Norway',
      'Denmark',
      'Iceland',
      'assisted',
      'moved',
      'times',
      'organisations',
      'years',
      'old',
      'before',
      'after',
      'the',
      'and',
    );
    const chunk = fc.oneof(
      { arbitrary: words, weight: 6 },
      fc.tuple(fc.integer({ min: 1, max: 99 }), words).map(([n, w]) => `${n} ${w}`),
      // Two numbers side by side ("in 2023 12 women") read as one number and are refused: a word or a
      // comma between them is what a person writes anyway.
      fc.integer({ min: 1990, max: 2025 }).map((y) => `in ${y} there`),
      fc.integer({ min: 1990, max: 2024 }).map((y) => `from ${y}-${y + 1},`),
    );
    // Numbers that are the bulk of the text are refused on purpose (the digit share); this is about words.
    const digitShare = (text: string) => (text.match(/\d/g) ?? []).length / text.replace(/\s/g, '').length;
    fc.assert(
      fc.property(fc.array(chunk, { minLength: 8, maxLength: 40 }), (chunks) => {
        const text = `Duplicate check: ${chunks.join(' ')}.`;
        fc.pre(digitShare(text) <= 0.15);
        expect({ text, problem: justificationProblem(text) }).toEqual({ text, problem: null });
      }),
    );
  });

  it('names what it found, so the writer knows what to take out', () => {
    expect(justificationProblem('She has passport FI 1234-567-89 according to the police report.')).toMatch(
      /document/,
    );
    expect(justificationProblem('According to the police report she was born 1998-03-04 in Sweden.')).toMatch(
      /a date/,
    );
    expect(
      justificationProblem('According to the police report she was born 4 March 1998 in Sweden.'),
    ).toMatch(/a date/);
  });

  // Counterexamples that generated runs found, kept so they are checked on every run.
  it.each([
    // CI, 2026-12-03: "2000-1900" inside the number was taken for a span of years and let through.
    'The victim told the caseworker that she lived in another Nordic country before coming here; (08) 2000-1900-000 so a duplicate check is needed before the referral is sent.',
    // Exploration, 2026-12-03: a document number that looks like two years, but backwards.
    'The victim told the caseworker that she lived in another Nordic country before coming here; FI 2000/1900 so a duplicate check is needed before the referral is sent.',
  ])('rejects the found counterexample %s', (text) => {
    expect(justificationProblem(text)).toEqual(expect.any(String));
  });

  it('still accepts a span of years written on its own', () => {
    expect(
      justificationProblem(
        'She was assisted in Sweden from 2019-2020, and the shelter there may hold her case.',
      ),
    ).toBeNull();
  });
});
