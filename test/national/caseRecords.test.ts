import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { runWriteTransaction } from '../../subgraphs/national/src/audit/writeTransaction';
import { caseRecordProblems } from '../../subgraphs/national/src/caseRecords/caseRecordProblems';
import type { CaseContentsRecord } from '../../subgraphs/national/src/caseRecords/caseRecordSchema';
import {
  insertCaseRecord,
  replaceCaseRecord,
} from '../../subgraphs/national/src/caseRecords/caseRecordWriter';
import { createDataSource } from '../../subgraphs/national/src/database/dataSource';
import { recreateDatabase } from '../support/postgres';
import { tempDir } from '../support/services';

const context = { country: 'FI', today: '2026-12' };
const key = { version: 1, secret: randomBytes(32) };

/** A minimal valid record as a client writes it: defaults fill the rest. */
export const minimalRecord = {
  registeringOrgType: 'NGO',
  openedMonth: '2026-03',
  status: 'ACTIVE',
  sex: 'FEMALE',
  ageBand: 'A24_26',
  identification: { status: 'PRESUMED', decidedByOrgType: 'POLICE', decidedMonth: '2026-04' },
  exploitations: [{ form: 'FORCED_LABOUR_OR_SERVICES', country: 'FI', fromMonth: '2025-06' }],
};

function valid(raw: unknown): CaseContentsRecord {
  const checked = caseRecordProblems(raw, context);
  if ('problems' in checked) throw new Error(JSON.stringify(checked.problems));
  if (checked.record.deleted === true) throw new Error('a deletion');
  return checked.record;
}

function problemsOf(raw: unknown) {
  const checked = caseRecordProblems(raw, context);
  return 'problems' in checked ? checked.problems.map((p) => [p.field, p.code]) : [];
}

describe('case record validation', () => {
  it('accepts a minimal record and fills the defaults', () => {
    const record = valid(minimalRecord);
    expect(record).toMatchObject({
      closedMonth: null,
      citizenship: [],
      events: [],
      safetyRiskLevel: 'UNKNOWN',
      exploitations: [
        { form: 'FORCED_LABOUR_OR_SERVICES', sexualType: null, meansOfControl: [], toMonth: null },
      ],
    });
  });

  it('reports every problem, each naming its field, a stable code, a message and a fix', () => {
    const checked = caseRecordProblems(
      {
        ...minimalRecord,
        sex: 'F',
        openedMonth: '2027-01',
        closedMonth: '2026-01',
        status: 'CLOSED',
        ageBand: 'A9_17',
        minorAtExploitation: false,
        citizenship: ['XX'],
        registeringOrgTyp: 'NGO',
        exploitations: [
          {
            form: 'FORCED_LABOUR_OR_SERVICES',
            country: 'FI',
            fromMonth: '2025-06',
            toMonth: '2025-01',
            sexualType: 'PROSTITUTION',
          },
        ],
        events: [
          { type: 'RECRUITMENT', country: 'ZZ' },
          { type: 'TRANSIT', country: 'SE', nuts2: 'FI1B' },
        ],
        assistance: [
          {
            type: 'HEALTH',
            providerOrgType: 'NGO',
            status: 'ACTIVE',
            startMonth: '2026-05',
            endMonth: '2026-04',
          },
        ],
        identity: { familyName: 'Virtanen', givenNames: 'Aino', birthYearMonth: '2031-13' },
      },
      context,
    );
    if (!('problems' in checked)) throw new Error('expected problems');
    const found = checked.problems.map((p) => [p.field, p.code]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['sex', 'UNKNOWN_CODE'],
        ['registeringOrgTyp', 'UNKNOWN_FIELD'],
        ['citizenship[0]', 'NOT_A_COUNTRY'],
        ['events[0].country', 'NOT_A_COUNTRY'],
        ['openedMonth', 'FUTURE_MONTH'],
        ['closedMonth', 'INCONSISTENT'],
        ['minorAtExploitation', 'INCONSISTENT'],
        ['exploitations[0].toMonth', 'INCONSISTENT'],
        ['events[1].nuts2', 'INCONSISTENT'],
        ['exploitations[0].sexualType', 'INCONSISTENT'],
        ['assistance[0].endMonth', 'INCONSISTENT'],
        ['identity.birthYearMonth', 'INVALID_VALUE'],
      ]),
    );
    for (const p of checked.problems) {
      expect(p.message).toContain(p.field);
      expect(p.fix.length).toBeGreaterThan(5);
    }
    const sex = checked.problems.find((p) => p.field === 'sex');
    expect(sex?.fix).toContain('FEMALE');
  });

  it('checks the age band against the birth month and the minor flag against the exploitation', () => {
    const identity = { familyName: 'Virtanen', givenNames: 'Aino', birthYearMonth: '1990-05' };
    expect(problemsOf({ ...minimalRecord, identity })).toEqual([['ageBand', 'INCONSISTENT']]);
    expect(problemsOf({ ...minimalRecord, ageBand: 'A30_38', identity })).toEqual([]);
    expect(problemsOf({ ...minimalRecord, ageBand: 'A30_38', minorAtExploitation: true, identity })).toEqual([
      ['minorAtExploitation', 'INCONSISTENT'],
    ]);
    expect(problemsOf({ ...minimalRecord, ageBand: 'A39_47', minorAtExploitation: true })).toEqual([
      ['minorAtExploitation', 'INCONSISTENT'],
    ]);
  });

  it('needs closedMonth for a closed case, refuses it on an open one, and a missing field is REQUIRED', () => {
    expect(problemsOf({ ...minimalRecord, status: 'CLOSED' })).toEqual([['closedMonth', 'REQUIRED']]);
    expect(problemsOf({ ...minimalRecord, closedMonth: '2026-05' })).toEqual([
      ['closedMonth', 'INCONSISTENT'],
    ]);
    const { sex: _sex, ...withoutSex } = minimalRecord;
    expect(problemsOf(withoutSex)).toEqual([['sex', 'REQUIRED']]);
    expect(problemsOf({ ...minimalRecord, exploitations: [] })).toEqual([['exploitations', 'INVALID_VALUE']]);
    expect(problemsOf({ ...minimalRecord, responsibleOrgId: 'SE:Organisation:se-ngo-1' })).toEqual([
      ['responsibleOrgId', 'INVALID_VALUE'],
    ]);
  });

  it('takes a deletion with only its source reference', () => {
    expect(caseRecordProblems({ sourceReference: 'K-17', deleted: true }, context)).toEqual({
      record: { sourceReference: 'K-17', deleted: true },
    });
    expect(problemsOf({ deleted: true })).toEqual([['sourceReference', 'REQUIRED']]);
  });
});

type Backend = 'SQLite' | 'PostgreSQL';
const open: DataSource[] = [];
let stores = 0;

async function newStore(backend: Backend): Promise<DataSource> {
  stores += 1;
  const url =
    backend === 'SQLite'
      ? `sqlite:${join(tempDir('case-records'), 'fi.sqlite')}`
      : await recreateDatabase(`case_records_${stores}`);
  const ds = createDataSource({ url });
  await ds.initialize();
  open.push(ds);
  await ds.runMigrations({ transaction: 'each' });
  return ds;
}

afterAll(async () => {
  for (const ds of open) if (ds.isInitialized) await ds.destroy();
});

const count = async (ds: DataSource, sql: string, seq: number) =>
  Number((await ds.query(sql.replace('$1', ds.options.type === 'postgres' ? '$1' : '?'), [seq]))[0].n);

describe.each<Backend>(['SQLite', 'PostgreSQL'])('case record writer on %s', (backend) => {
  it('the version column is migrated exactly as the entity describes it', async () => {
    const ds = await newStore(backend);
    const log = await ds.driver.createSchemaBuilder().log();
    expect(log.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('inserts a case with its statistics columns, child rows, identity and match tokens, and replaces it whole', async () => {
    const ds = await newStore(backend);
    const record = valid({
      ...minimalRecord,
      citizenship: ['UA'],
      events: [{ type: 'RECRUITMENT', country: 'UA', month: '2025-05' }],
      indicators: [{ indicator: 'DEBT_BONDAGE', observedByOrgType: 'NGO', month: '2026-03' }],
      assistance: [{ type: 'HEALTH', providerOrgType: 'NGO', status: 'ACTIVE', startMonth: '2026-03' }],
      identity: {
        familyName: 'Popescu',
        givenNames: 'Ana',
        birthYearMonth: '2001-02',
        travelDocumentNumber: 'RO123',
      },
    });
    const id = await runWriteTransaction(ds, (m) => insertCaseRecord(m, 'FI', record, { linkageKey: key }));
    expect(id).toBe('FI:Case:2026-000001');
    const [row] = await ds.query(`SELECT * FROM cases WHERE id = '${id}'`);
    expect(row).toMatchObject({
      opened_year: 2026,
      age_group: 'ADULT',
      citizenship_group: 'NON_EU',
      exploitation_group: 'FORCED_LABOUR_OR_SERVICES',
      version: 1,
    });
    expect(Number(row.record_key)).toBeGreaterThanOrEqual(0);
    const seq = Number(row.seq);
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM trafficking_events WHERE case_seq = $1', seq)).toBe(1);
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM match_tokens WHERE case_seq = $1', seq)).toBe(2);

    const changed = valid({ ...minimalRecord, sex: 'MALE', citizenship: ['BG'], events: [] });
    const written = await runWriteTransaction(ds, (m) =>
      replaceCaseRecord(m, 'FI', id, changed, { linkageKey: key, expectedVersion: 1 }),
    );
    expect(written).toEqual({ id, seq, version: 2 });
    const [after] = await ds.query(`SELECT * FROM cases WHERE id = '${id}'`);
    expect(after).toMatchObject({
      sex: 'MALE',
      citizenship: 'BG',
      citizenship_group: 'OTHER_EU',
      version: 2,
    });
    expect(Number(after.record_key)).toBe(Number(row.record_key));
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM trafficking_events WHERE case_seq = $1', seq)).toBe(0);
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM person_identities WHERE case_seq = $1', seq)).toBe(1);
    // The name token covers citizenship: recomputed; the document token is unchanged.
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM match_tokens WHERE case_seq = $1', seq)).toBe(2);

    // A stale version changes nothing.
    await expect(
      runWriteTransaction(ds, (m) =>
        replaceCaseRecord(m, 'FI', id, valid(minimalRecord), { linkageKey: key, expectedVersion: 1 }),
      ),
    ).rejects.toMatchObject({ extensions: { code: 'CONFLICT', currentVersion: 2 } });
    const [unchanged] = await ds.query(`SELECT sex, version FROM cases WHERE id = '${id}'`);
    expect(unchanged).toMatchObject({ sex: 'MALE', version: 2 });

    // identity: null removes the identity and its tokens.
    await runWriteTransaction(ds, (m) =>
      replaceCaseRecord(m, 'FI', seq, { ...changed, identity: null }, { linkageKey: key }),
    );
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM match_tokens WHERE case_seq = $1', seq)).toBe(0);
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM person_identities WHERE case_seq = $1', seq)).toBe(0);
  });
});
