import { randomBytes } from 'node:crypto';
import {
  normaliseDocumentNumber,
  normaliseGivenNames,
  normaliseName,
} from '../../subgraphs/national/src/matching/normalise';
import { matchTokensOf, type IdentityFields } from '../../subgraphs/national/src/matching/matchTokens';
import { spell } from '../../subgraphs/national/src/seed/nameSpellings';

describe('name normalisation for match tokens', () => {
  it.each([
    ['Jørgensen', 'Joergensen', 'Jorgensen', 'JØRGENSEN', 'jörgensen'],
    ['Müller', 'Mueller', 'Muller', 'MÜLLER', 'MUELLER'],
    ['Þórsdóttir', 'Thorsdottir', 'THORSDOTTIR', 'Þorsdottir', 'þórsdóttir'],
    ['Guðmundsdóttir', 'Gudmundsdottir', 'GUDMUNDSDOTTIR'],
    ['Håkon', 'Haakon', 'Hakon', 'HÅKON'],
    ['Hämäläinen', 'Haemaelaeinen', 'Hamalainen', 'HAEMAELAEINEN'],
    ['Strauß', 'Strauss', 'STRAUSS', 'STRAUẞ'],
    ['Ærø', 'Aeroe', 'Aero', 'AERØ'],
    ['Søe', 'Soe', 'So', 'SØE', 'Sø'],
    ['Łukasz', 'Lukasz'],
    ['Åsa-Britt', 'Asa Britt', 'AASABRITT', "Åsa'Britt", 'åsa – britt'],
    ["O'Brien", 'OBrien', 'O’Brien', 'o brien'],
    ['Ｓｔｅｎ', 'Sten', 'sten'],
    ['Ｊｏｒｇｅｎｓｅｎ', 'Jørgensen'],
    ['Ngô Đình', 'Ngo Dinh', 'NGO DINH'],
  ])('spells %s the same in every variant', (...variants) => {
    const forms = new Set(variants.map(normaliseName));
    expect([...forms]).toHaveLength(1);
  });

  it.each([
    ['Jørgensen', 'Jørgsen'],
    ['Müller', 'Miller'],
    ['Nielsen', 'Nilsen'],
    ['Hansen', 'Hanson'],
    ['Þórsdóttir', 'Þórsson'],
    ['Lund', 'Lindh'],
    ['Sørensen', 'Svensson'],
  ])('keeps %s and %s apart', (a, b) => {
    expect(normaliseName(a)).not.toBe(normaliseName(b));
  });

  it('strips whitespace, hyphens, apostrophes and punctuation, and is idempotent', () => {
    expect(normaliseName('  Anne-Marie  d’Ørby. ')).toBe('annemariedorby');
    for (const name of ['Jørgensen', 'Søe', 'Aaee', 'Þórsdóttir', 'Ærø', 'Øe-ue']) {
      const once = normaliseName(name);
      expect(normaliseName(once)).toBe(once);
    }
  });

  it('reads given names in any order and with any separator', () => {
    const forms = ['Anna-Maria', 'anna maria', 'Maria Anna', 'MARIA-ANNA', 'Anna  Maria'].map(
      normaliseGivenNames,
    );
    expect(new Set(forms).size).toBe(1);
    expect(normaliseGivenNames('Anna Maria')).not.toBe(normaliseGivenNames('Anna Marie'));
  });

  it('keeps only letters and digits of a travel document number', () => {
    expect(normaliseDocumentNumber('x-syn 123 4567')).toBe('XSYN1234567');
    expect(normaliseDocumentNumber('ＡＢ１２３')).toBe('AB123');
  });

  it('meets every spelling the synthetic registers use', () => {
    for (const name of ['Zørgørv', 'Våshðrix', 'Þravmosk', 'Üldwyq', 'Præxlix', 'Ýndqel']) {
      const forms = (['NATIVE', 'PASSPORT', 'PLAIN'] as const).map((s) =>
        normaliseName(spell(name, s, 'family')),
      );
      expect(new Set(forms).size).toBe(1);
    }
    const given = (['NATIVE', 'PASSPORT', 'PLAIN'] as const).map((s) =>
      normaliseGivenNames(spell('Døvin Fåiyl', s, 'given')),
    );
    expect(new Set(given).size).toBe(1);
  });
});

describe('match tokens', () => {
  const key = { version: 3, secret: randomBytes(32) };
  const person: IdentityFields = {
    familyName: 'Jørgensen',
    givenNames: 'Åsa Britt',
    birthYearMonth: '1994-03',
    travelDocumentNumber: 'X-SYN1234567',
    citizenship: ['TH'],
  };

  it('gives the same tokens to the same person spelled another way, and a different name token to a namesake', () => {
    const here = matchTokensOf(person, key);
    const there = matchTokensOf(
      { ...person, familyName: 'JOERGENSEN', givenNames: 'Britt-Asa', travelDocumentNumber: 'xsyn 1234567' },
      key,
    );
    expect(there).toEqual(here);
    expect(here.map((t) => [t.scheme, t.keyVersion])).toEqual([
      ['HMAC_SHA256_EXACT_V1', 3],
      ['HMAC_SHA256_TRAVEL_DOCUMENT_V1', 3],
    ]);
    expect(here.every((t) => /^[0-9a-f]{64}$/.test(t.value))).toBe(true);
    const namesake = matchTokensOf({ ...person, birthYearMonth: '1994-04', travelDocumentNumber: null }, key);
    expect(namesake).toHaveLength(1);
    expect(namesake[0]?.value).not.toBe(here[0]?.value);
  });

  it('depends on the key: another key gives other tokens', () => {
    const other = { version: 4, secret: randomBytes(32) };
    const a = matchTokensOf(person, key).map((t) => t.value);
    const b = matchTokensOf(person, other).map((t) => t.value);
    expect(a.some((v) => b.includes(v))).toBe(false);
  });

  it('makes no name token without birth month or citizenship, and no document token without a document', () => {
    expect(matchTokensOf({ ...person, birthYearMonth: null }, key).map((t) => t.scheme)).toEqual([
      'HMAC_SHA256_TRAVEL_DOCUMENT_V1',
    ]);
    expect(matchTokensOf({ ...person, citizenship: [], travelDocumentNumber: null }, key)).toEqual([]);
  });
});
