import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import Ajv2020 from 'ajv/dist/2020';
import {
  CASE_RECORD_SCHEMA_FILE,
  caseRecordJsonSchema,
} from '../../subgraphs/national/src/import/caseRecordJsonSchema';
import {
  columnOf,
  csvRowToRecord,
  recordColumns,
  recordToCsvCells,
} from '../../subgraphs/national/src/import/csvCaseRecord';
import { readRecords, textLines } from '../../subgraphs/national/src/import/recordSource';
import { caseRecordFixture } from '../support/caseRecordFixture';
import { tempDir } from '../support/services';

const RECORD = caseRecordFixture('CMS-7', {
  identity: null,
  perpetratorSummary: { count: 2, roles: [], legalPersonInvolved: null, criminalInvestigationOpened: true },
});

describe('the interchange format', () => {
  it('publishes the JSON Schema of the validation the API and the import use (docs/case-record.schema.json is current)', () => {
    // On a mismatch: npm run build && node subgraphs/national/dist/import/caseRecordJsonSchema.js
    expect(readFileSync(CASE_RECORD_SCHEMA_FILE, 'utf8')).toBe(caseRecordJsonSchema());
  });

  it('the JSON Schema accepts a record and a deletion, and refuses an unknown code', () => {
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(caseRecordJsonSchema()));
    expect(validate(RECORD)).toBe(true);
    expect(validate({ sourceReference: 'CMS-7', deleted: true })).toBe(true);
    expect(validate({ ...RECORD, sex: 'WOMAN' })).toBe(false);
  });

  it('encodes a record as one flat CSV row and reads it back unchanged', () => {
    const columns = recordColumns(2);
    expect(columns).toEqual(
      expect.arrayContaining([
        'citizenship',
        'identification_status',
        'exploitation_2_means_of_control',
        'perpetrator_summary_count',
        'identity_family_name',
      ]),
    );
    const cells = recordToCsvCells(RECORD, 2);
    expect(cells[columns.indexOf('citizenship')]).toBe('NG;IT');
    expect(cells[columns.indexOf('exploitation_1_means_of_control')]).toBe('DEBT_BONDAGE;THREATS');
    const row = Object.fromEntries(columns.map((c, i) => [c, cells[i] as string]));
    expect(csvRowToRecord(row)).toEqual(RECORD);
    expect(columnOf('exploitations[1].meansOfControl')).toBe('exploitation_2_means_of_control');
    expect(columnOf('identification.decidedByOrgType')).toBe('identification_decided_by_org_type');
  });

  it('reads a CSV file in any column order with quoted cells, and refuses a header with unknown columns', async () => {
    const dir = tempDir('import-format');
    const good = join(dir, 'good.csv');
    writeFileSync(good, 'sex,source_reference,legal_basis_national\nFEMALE,"CMS,1","Act 12 §3, ""b"""\n');
    const items = [];
    for await (const item of readRecords(Readable.from(readFileSync(good)), 'csv')) items.push(item);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      line: 2,
      raw: {
        sex: 'FEMALE',
        sourceReference: 'CMS,1',
        legalBasisNational: 'Act 12 §3, "b"',
        exploitations: [],
      },
    });
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'sex,gender\nFEMALE,F\n');
    await expect(async () => {
      for await (const _ of readRecords(Readable.from(readFileSync(bad)), 'csv'));
    }).rejects.toThrow(/column\(s\) the format does not have: gender/);
  });

  it('splits JSON Lines as readline does, wherever the file is cut into chunks', async () => {
    // "\r\n", a lone "\r", blank lines, a multi-byte character and a last line without a line break.
    const text = '{"a":1}\r\n\n{"b":"ä€"}\r{"c":2}\r\n\r\n  \n{"d":3}';
    const bytes = Buffer.from(text, 'utf8');
    const expected: string[] = [];
    for await (const line of createInterface({ input: Readable.from([bytes]), crlfDelay: Infinity }))
      expected.push(line);
    expect(expected).toHaveLength(7);
    for (let cut = 0; cut <= bytes.length; cut += 1) {
      const chunks = [bytes.subarray(0, cut), bytes.subarray(cut)].filter((c) => c.length > 0);
      const lines: string[] = [];
      for await (const group of textLines(Readable.from(chunks))) lines.push(...group);
      expect({ cut, lines }).toEqual({ cut, lines: expected });
    }
  });
});
