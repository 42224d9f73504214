/**
 * The written justification a person match needs (DOMAIN §4.4 guard rails): why this check, in words —
 * not identifiers. It stays in the owning country (free text never crosses a border), so the rule is
 * about usefulness to an auditor and about keeping identity numbers, dates, ids and addresses out of the
 * log and out of the review list.
 */
export const JUSTIFICATION_MIN_LENGTH = 20;
export const JUSTIFICATION_MAX_LENGTH = 500;
/** Digits may be a year or a count, not the bulk of the text. */
const MAX_DIGIT_SHARE = 0.15;

/** Month names and abbreviations: English, Finnish (nominative and partitive), Swedish, Norwegian, Danish, Icelandic. */
const MONTHS = [
  // English
  'january|february|march|april|may|june|july|august|september|october|november|december',
  'jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec',
  // Swedish, Norwegian, Danish
  'januari|februari|mars|maj|juni|juli|augusti|oktober|januar|februar|marts|mai|desember|december',
  'okt|des',
  // Finnish
  'tammikuu|helmikuu|maaliskuu|huhtikuu|toukokuu|kesäkuu|heinäkuu|elokuu|syyskuu|lokakuu|marraskuu|joulukuu',
  'tammikuuta|helmikuuta|maaliskuuta|huhtikuuta|toukokuuta|kesäkuuta|heinäkuuta|elokuuta|syyskuuta|lokakuuta|marraskuuta|joulukuuta',
  // Icelandic
  'janúar|febrúar|apríl|maí|júní|júlí|ágúst|október|nóvember|desember',
].join('|');

/** What one kind of identifier looks like, and what to tell the writer. */
interface IdentifierRule {
  pattern: RegExp;
  what: string;
}

const DAY = '(?:0?[1-9]|[12]\\d|3[01])';
const MONTH_NUMBER = '(?:0?[1-9]|1[0-2])';

const RULES: readonly IdentifierRule[] = [
  // Dates with numbers: ISO (1998-03-04, 1998/3/4, 1998.03.04), day first (4.3.1998, 04/03/98, 4-3-98), and
  // a day and month without a year (4.3.) — a birthday is an identifier.
  { pattern: /\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b/u, what: 'a date' },
  {
    pattern: new RegExp(`\\b${DAY}\\s?[./-]\\s?${MONTH_NUMBER}\\s?[./-]\\s?\\d{2}(?:\\d{2})?\\b`, 'u'),
    what: 'a date',
  },
  { pattern: new RegExp(`(?<![\\d.])${DAY}\\.${MONTH_NUMBER}\\.(?!\\d)`, 'u'), what: 'a date' },
  // Dates with month names: "4 March 1998", "4th of March", "4. maaliskuuta 1998", "March 4, 1998", "March 1998".
  {
    pattern: new RegExp(
      `(?<![\\p{L}\\d])\\d{1,2}(?:st|nd|rd|th|\\.)?\\s*(?:of\\s+|de\\s+)?(?:${MONTHS})(?![\\p{L}])`,
      'iu',
    ),
    what: 'a date',
  },
  {
    pattern: new RegExp(`(?<![\\p{L}])(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,|\\b)`, 'iu'),
    what: 'a date',
  },
  { pattern: new RegExp(`(?<![\\p{L}])(?:${MONTHS})\\.?,?\\s+\\d{4}\\b`, 'iu'), what: 'a birth month' },
  // Personal identity numbers: FI ddmmyy[-+A-FU-Y]nnnC; SE yymmdd-nnnn / yyyymmddnnnn; NO 11 digits;
  // DK ddmmyy-nnnn; IS ddmmyy-nnnn (kennitala) — and any five or more digits in a row.
  { pattern: /\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b/iu, what: 'a personal identity number' },
  { pattern: /\b(?:\d{2})?\d{6}\s?[-+]?\s?\d{4,5}\b/u, what: 'a personal identity number' },
  { pattern: /\d{5,}/u, what: 'an identity, document or phone number' },
  // Document and phone numbers with separators (1234-567-89, AB 123 4567, +358 40 123 4567, (08) 123 45 67):
  // digit groups joined by spaces, dashes, dots, slashes or brackets that hold five or more digits in all.
  {
    pattern: /(?:\+|\(\s*)?\d[\d\s().\-/]*[\s().\-/][\d\s().\-/]*\d/u,
    what: 'a document or phone number',
  },
  // Letters and digits mixed into one code (passport AB1234567, A-1234567): four digits or more.
  {
    pattern: /(?<![\p{L}\d])(?=[\p{L}\d-]*\p{L})(?=(?:[\p{L}-]*\d){4})[\p{L}\d]+(?:-[\p{L}\d]+)*/u,
    what: 'a document number',
  },
  // E-mail addresses, also written out ("name at example dot org").
  { pattern: /[^\s@]+@[^\s@]+\.[^\s@]+/u, what: 'an e-mail address' },
  {
    pattern: /\S+\s*[[(]?\s*at\s*[\])]?\s*\S+\s*[[(]?\s*dot\s*[\])]?\s*[a-z]{2,}\b/iu,
    what: 'an e-mail address',
  },
  // Global ids of this network (FI:Case:2024-000017).
  { pattern: /\b[A-Z]{2}:[A-Za-z]+:\S+/u, what: 'a record id' },
];

/** How many digits a "document or phone number" match must hold (fewer is a count or a year range). */
const SEPARATED_DIGITS_MIN = 5;
/**
 * A span of years on its own ("2019-2020", "(2019 / 2020)"): the whole run, nothing before or after it,
 * and years that go forward by at most a decade (2000/1900 or 1950-2010 are numbers, not a period of time).
 */
const YEAR_SPAN = /^[\s().]*((?:19|20)\d{2})\s?[-/]\s?((?:19|20)\d{2})[\s().]*$/u;
const MAX_YEAR_SPAN = 10;
function isYearSpan(run: string): boolean {
  const years = YEAR_SPAN.exec(run);
  if (!years) return false;
  const span = Number(years[2]) - Number(years[1]);
  return span > 0 && span <= MAX_YEAR_SPAN;
}

function identifierIn(text: string): string | null {
  for (const rule of RULES) {
    const match = rule.pattern.exec(text);
    if (!match) continue;
    if (rule.what === 'a document or phone number') {
      // Look at every digit group run, not only the first. A run that is only a span of years (2019-2020)
      // is not a number; a span inside a longer run ("(08) 2000-1900-000") is part of one.
      const runs = text.match(new RegExp(rule.pattern.source, 'gu')) ?? [];
      const numbers = runs.filter((run) => !isYearSpan(run));
      if (!numbers.some((run) => (run.match(/\d/gu) ?? []).length >= SEPARATED_DIGITS_MIN)) continue;
    }
    return rule.what;
  }
  return null;
}

/** What is wrong with a justification, or null when it is acceptable. */
export function justificationProblem(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed.length < JUSTIFICATION_MIN_LENGTH) {
    return `say in at least ${JUSTIFICATION_MIN_LENGTH} characters why this person must be checked across borders (e.g. "Victim says she was registered in Sweden last summer; continuity of assistance").`;
  }
  if (trimmed.length > JUSTIFICATION_MAX_LENGTH) {
    return `keep it under ${JUSTIFICATION_MAX_LENGTH} characters; the case itself stays in your national system.`;
  }
  const normalised = trimmed.normalize('NFKC');
  const found = identifierIn(normalised);
  if (found) {
    return `it looks like it holds ${found}: describe the reason in words, without identifiers, dates of birth or contact details.`;
  }
  const visible = normalised.replace(/\s/gu, '');
  const digits = (visible.match(/\p{Nd}/gu) ?? []).length;
  if (digits / visible.length > MAX_DIGIT_SHARE) {
    return 'it is mostly numbers: describe the reason in words, without identifiers.';
  }
  return null;
}
