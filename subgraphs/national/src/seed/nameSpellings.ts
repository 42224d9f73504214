import { type SeedCountry } from './seedCountries';
import { fmix32, hashString } from './random';

/*
 * How a register writes a name. The same synthetic person, recorded in two countries, is written the
 * way each register happened to take it down — from a Nordic ID card, from a passport's machine-readable
 * zone, or typed on a keyboard without the letters — so that record linkage has real spelling variants
 * to get past (and does: every variant here normalises to the same string, see matching/normalise.ts).
 */
export type Spelling = 'NATIVE' | 'PASSPORT' | 'PLAIN';

const SPELLINGS: readonly Spelling[] = ['NATIVE', 'PASSPORT', 'PLAIN'];

/** ICAO 9303 transliteration, as a passport's machine-readable zone prints it. */
const PASSPORT_LETTERS: Readonly<Record<string, string>> = {
  å: 'aa',
  ä: 'ae',
  æ: 'ae',
  ö: 'oe',
  ø: 'oe',
  ü: 'ue',
  þ: 'th',
  ð: 'd',
  ý: 'y',
};

/** The letter dropped to its look-alike on a keyboard without it (æ has none, so it is typed ae). */
const PLAIN_LETTERS: Readonly<Record<string, string>> = {
  å: 'a',
  ä: 'a',
  æ: 'ae',
  ö: 'o',
  ø: 'o',
  ü: 'u',
  þ: 'th',
  ð: 'd',
  ý: 'y',
};

function replaceLetters(text: string, letters: Readonly<Record<string, string>>): string {
  return [...text]
    .map((ch) => {
      const lower = ch.toLowerCase();
      const replacement = letters[lower];
      if (replacement === undefined) return ch;
      return ch === lower ? replacement : replacement.charAt(0).toUpperCase() + replacement.slice(1);
    })
    .join('');
}

/** How `country`'s register writes the person with this identity seed (fixed per person and country). */
export function spellingIn(country: SeedCountry, personSeed: number): Spelling {
  return SPELLINGS[fmix32(personSeed ^ hashString(country)) % SPELLINGS.length] as Spelling;
}

/** A name as written under `spelling`: NATIVE as is; PASSPORT upper case, transliterated; PLAIN without the letters, given names hyphenated. */
export function spell(name: string, spelling: Spelling, kind: 'family' | 'given'): string {
  switch (spelling) {
    case 'NATIVE':
      return name;
    case 'PASSPORT':
      return replaceLetters(name, PASSPORT_LETTERS).toUpperCase();
    case 'PLAIN': {
      const plain = replaceLetters(name, PLAIN_LETTERS);
      return kind === 'given' ? plain.replace(/\s+/g, '-') : plain;
    }
  }
}
