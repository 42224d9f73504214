/*
 * Normalisation of the identity fields that go into match tokens (DOMAIN §4.4). Every country of the
 * network must compute exactly the same string from the same person, however its register spells the
 * name, so this is part of the network's linkage specification (docs/security.md, "Person matching"):
 * changing a rule changes every token and needs a new token scheme, not a quiet edit.
 *
 * Deliberately a small written-out table instead of a transliteration library: a library update that
 * changed one mapping would silently stop matches between countries running different versions.
 */

/**
 * Letters that Unicode decomposition does not reduce to a base letter, and the Nordic and German
 * letters whose ICAO 9303 (passport) transliteration is a digraph. Keys are lower case.
 */
const TRANSLITERATIONS: Readonly<Record<string, string>> = {
  å: 'aa',
  ä: 'ae',
  æ: 'ae',
  ǽ: 'ae',
  ö: 'oe',
  ø: 'oe',
  ǿ: 'oe',
  œ: 'oe',
  ü: 'ue',
  ß: 'ss',
  þ: 'th',
  ð: 'd',
  đ: 'd',
  ł: 'l',
  ı: 'i',
  ħ: 'h',
  ŋ: 'n',
  ŧ: 't',
};

const TRANSLITERABLE = new RegExp(`[${Object.keys(TRANSLITERATIONS).join('')}]`, 'gu');
const COMBINING_MARKS = /\p{M}/gu;
/** Whitespace, hyphens, apostrophes and every other non-letter, non-digit character. */
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]/gu;
/**
 * The digraphs a transliteration produces (å → aa, ä/æ → ae, ö/ø → oe, ü → ue), collapsed to their
 * first letter so that the register that dropped the diacritic (Jorgensen) meets the one that wrote the
 * digraph (Joergensen) and the one that kept the letter (Jørgensen).
 */
const DIGRAPH = /aa|ae|oe|ue/g;

/**
 * A name part as the tokens see it: NFKC, case-folded, transliterated, without diacritics, whitespace,
 * hyphens, apostrophes or punctuation, with transliteration digraphs collapsed. Idempotent.
 *
 * Jørgensen, Joergensen, JORGENSEN → `jorgensen`; Müller, Mueller → `muller`; Þórsdóttir, Thorsdottir →
 * `thorsdottir`; Håkon, Haakon, Hakon → `hakon`. Letters of other scripts (Cyrillic, Arabic, Thai …)
 * are kept as they are, so a name written in another script does not meet its Latin transliteration.
 */
export function normaliseName(value: string): string {
  const folded = value
    .normalize('NFKC')
    .toLowerCase()
    .replace(TRANSLITERABLE, (letter) => TRANSLITERATIONS[letter] ?? letter)
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(NOT_LETTER_OR_DIGIT, '');
  // Repeated until nothing changes, so that "øe" (oee) and "oe" both end as "o".
  let previous = '';
  let current = folded;
  while (current !== previous) {
    previous = current;
    current = current.replace(DIGRAPH, (digraph) => digraph.charAt(0));
  }
  return current;
}

/**
 * Given names in any order and with any separator: each name normalised, then sorted, so that
 * "Anna-Maria", "anna maria" and "Maria Anna" agree.
 */
export function normaliseGivenNames(value: string): string {
  return value
    .split(/[\s\p{Pd}]+/u)
    .map(normaliseName)
    .filter((part) => part.length > 0)
    .sort()
    .join('');
}

/** A travel-document number: NFKC, upper case, letters and digits only ("x-syn 123" → "XSYN123"). */
export function normaliseDocumentNumber(value: string): string {
  return value
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}
