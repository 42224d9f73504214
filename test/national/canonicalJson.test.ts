import { canonicalJson } from '../../subgraphs/national/src/import/canonicalJson';
import { generateCases } from '../../subgraphs/national/src/seed/generateCases';
import { caseRecordFixture } from '../support/caseRecordFixture';

/** What the importer hashed before (and what the content hashes in stores were made with). */
const replacerJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

describe('the canonical JSON a record content hash is taken of', () => {
  it('is the text the replacer-based serialisation gave, for the generator’s cases and a fixture record', () => {
    let n = 0;
    for (const c of generateCases('FI', { yearFrom: 2019, yearTo: 2025, scale: 0.05 })) {
      expect(canonicalJson(c)).toBe(replacerJson(c));
      n += 1;
    }
    expect(n).toBeGreaterThan(10);
    const record = caseRecordFixture('CMS-7');
    expect(canonicalJson(record)).toBe(replacerJson(record));
  });

  it('sorts keys at every depth and matches JSON.stringify on the edge cases', () => {
    const values: unknown[] = [
      { b: 1, a: { d: [3, { z: null, y: 'ü"\n' }], c: true } },
      { skipped: undefined, fn: () => 1, kept: 0, arr: [undefined, () => 1, NaN, -0, 1e21] },
      { 10: 'ten', 2: 'two', b: 'b', a: 'a', '01': 'not an index' },
      { when: new Date(Date.UTC(2026, 0, 2)) },
      [],
      {},
      'text',
      null,
    ];
    for (const value of values) expect(canonicalJson(value)).toBe(replacerJson(value));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });
});
