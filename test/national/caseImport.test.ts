import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { recordColumns, recordToCsvCells } from '../../subgraphs/national/src/import/csvCaseRecord';
import { createDataSource } from '../../subgraphs/national/src/database/dataSource';
import { caseRecordFixture as record } from '../support/caseRecordFixture';
import { coordinatorOf, countryKeyEnvironment } from '../support/auth';
import { postGraphql } from '../support/graphql';
import { recreateDatabase } from '../support/postgres';
import { type RunningProcess, runScript, startNational, tempDir } from '../support/services';

const IMPORT = 'subgraphs/national/dist/import/cli.js';

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
function csvFile(file: string, rows: (Record<string, unknown> | string)[]): string {
  const lines = [recordColumns(2).join(',')];
  for (const row of rows)
    lines.push(typeof row === 'string' ? row : recordToCsvCells(row, 2).map(csvCell).join(','));
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
function jsonLines(file: string, rows: (Record<string, unknown> | string)[]): string {
  writeFileSync(file, `${rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')}\n`);
  return file;
}

interface Problem {
  line: number;
  field: string;
  code: string;
  message: string;
  fix: string;
}

const CASES_QUERY = `query { cases(countries: [FI], first: 100) { nodes { id subject { sex citizenship } exploitations { form country meansOfControl } } totalCount } }`;

const backends: [string, (dir: string) => Promise<string>][] = [
  ['SQLite', async (dir) => `sqlite:${join(dir, 'fi.sqlite')}`],
  ['PostgreSQL', () => recreateDatabase('nordic_test_import_fi')],
];

describe.each(backends)('npm run import on %s', (backend, databaseFor) => {
  let dir: string;
  let database: string;
  let fi: RunningProcess;
  let store: DataSource;
  let env: NodeJS.ProcessEnv;
  const references = ['CMS-2024-0001', 'CMS-2024-0002', 'CMS-2024-0003'];

  const runImport = (file: string, ...flags: string[]) =>
    runScript(
      IMPORT,
      ['--country', 'FI', '--file', file, '--database', database, '--operator', 'test-operator', ...flags],
      env,
    );

  /** Every row of every table but the audit log, for "nothing changed". */
  async function snapshot(): Promise<string> {
    const tables = [
      'cases',
      'case_exploitations',
      'trafficking_events',
      'indicator_observations',
      'assistance_episodes',
      'person_identities',
      'case_links',
      'import_references',
    ];
    const parts: string[] = [];
    for (const table of tables)
      parts.push(JSON.stringify(await store.query(`SELECT * FROM "${table}" ORDER BY 1, 2`)));
    return parts.join('\n');
  }
  const count = async (table: string, where = '') =>
    Number((await store.query(`SELECT COUNT(*) AS n FROM "${table}" ${where}`))[0].n);
  const readCases = async () => {
    const response: any = await postGraphql(
      `${fi.url}/graphql`,
      CASES_QUERY,
      {},
      { token: await coordinatorOf('FI') },
    );
    expect(response.errors).toBeUndefined();
    return response.data.cases[0] as {
      totalCount: number;
      nodes: {
        id: string;
        subject: { sex: string; citizenship: string[] };
        exploitations: { form: string; country: string; meansOfControl: string[] }[];
      }[];
    };
  };

  beforeAll(async () => {
    dir = tempDir('import');
    database = await databaseFor(dir);
    const keyFile = join(dir, 'import-reference-key.json');
    writeFileSync(keyFile, JSON.stringify({ key: randomBytes(32).toString('base64') }));
    env = { ...countryKeyEnvironment('FI'), IMPORT_REFERENCE_KEY_FILE: keyFile };
    fi = await startNational({ country: 'FI', database, seed: false });
    store = createDataSource({ url: database });
    await store.initialize();
  });
  afterAll(async () => {
    await store?.destroy();
    await fi?.stop();
  });

  it('refuses to start without the reference key, naming the variable and the fix', async () => {
    const file = jsonLines(join(dir, 'none.jsonl'), [record('X-1')]);
    const { code, output } = await runScript(
      IMPORT,
      ['--country', 'FI', '--file', file, '--database', database],
      {
        ...env,
        IMPORT_REFERENCE_KEY_FILE: '',
      },
    );
    expect(code).toBe(2);
    expect(output).toMatch(
      /IMPORT_REFERENCE_KEY_FILE is not set: set IMPORT_REFERENCE_KEY_FILE to a JSON file/,
    );
    expect(await count('cases')).toBe(0);
  });

  it('a dry run validates and compares but writes nothing', async () => {
    const file = csvFile(
      join(dir, 'dry.csv'),
      references.map((r) => record(r)),
    );
    const before = await snapshot();
    const audited = await count('audit_events');
    const { code, output } = await runImport(file, '--dry-run');
    expect(output).toMatch(/dry run: nothing written.*3 created/);
    expect(code).toBe(0);
    expect(await snapshot()).toBe(before);
    expect(await count('audit_events')).toBe(audited);
  });

  it('imports the valid records of a CSV file and reports each invalid one with line, field, code and fix', async () => {
    const valid = references.map((r) => record(r));
    const file = csvFile(join(dir, 'cases.csv'), [
      valid[0] as Record<string, unknown>,
      record('BAD-1', { sex: 'WOMAN' }),
      valid[1] as Record<string, unknown>,
      record('BAD-2', { openedMonth: '2099-01' }),
      record('', {}),
      'BAD-3,only,three',
      valid[2] as Record<string, unknown>,
    ]);
    const report = join(dir, 'report.json');
    const { code, output } = await runImport(file, '--report', report);
    expect(output).toMatch(/7 records .* 3 created, 0 updated, 0 unchanged, 0 deleted, 4 invalid/);
    expect(code).toBe(3);
    const { problems, summary } = JSON.parse(readFileSync(report, 'utf8')) as {
      problems: Problem[];
      summary: Record<string, number>;
    };
    expect(summary).toMatchObject({ records: 7, invalid: 4, created: 3 });
    expect(problems.map((p) => [p.line, p.field, p.code])).toEqual([
      [3, 'sex', 'UNKNOWN_CODE'],
      [5, 'age_band', 'INCONSISTENT'],
      [5, 'opened_month', 'FUTURE_MONTH'],
      [6, 'source_reference', 'REQUIRED'],
      [7, '(record)', 'UNREADABLE_RECORD'],
    ]);
    for (const p of problems) expect(p.fix.length).toBeGreaterThan(5);
    expect(problems[0]?.fix).toMatch(/FEMALE, MALE, UNKNOWN/);
    // Only the valid records were written, each whole.
    expect(await count('cases')).toBe(3);
    expect(await count('case_exploitations')).toBe(6);
    expect(await count('person_identities')).toBe(3);
    expect(await count('person_identities', `WHERE given_names NOT IN ('Anna 1', 'Anna 2', 'Anna 3')`)).toBe(
      0,
    );
    // …and the national service serves them within policy.
    const page = await readCases();
    expect(page.totalCount).toBe(3);
    expect(page.nodes[0]?.subject.citizenship).toEqual(['NG', 'IT']);
    expect(page.nodes[0]?.exploitations).toEqual([
      { form: 'SEXUAL_EXPLOITATION', country: 'FI', meansOfControl: ['DEBT_BONDAGE', 'THREATS'] },
      { form: 'FORCED_BEGGING', country: 'SE', meansOfControl: [] },
    ]);
    // The run and its writes are in the audit log, with the operator.
    const runs = await store.query(
      `SELECT actor_id AS "actorId", reason FROM audit_events WHERE entity_type = 'ImportRun'`,
    );
    expect(runs).toEqual([
      {
        actorId: 'operator:test-operator',
        reason: 'IMPORT records=7 created=3 updated=0 deleted=0 invalid=4',
      },
    ]);
  });

  it('re-importing the same records changes nothing; a changed record updates its case in place', async () => {
    const before = await snapshot();
    const same = jsonLines(
      join(dir, 'same.jsonl'),
      references.map((r) => record(r)),
    );
    const again = await runImport(same);
    expect(again.output).toMatch(/0 created, 0 updated, 3 unchanged/);
    expect(await snapshot()).toBe(before);

    const ids = (await readCases()).nodes.map((n) => n.id).sort();
    const changed = jsonLines(join(dir, 'changed.jsonl'), [record(references[1] as string, { sex: 'MALE' })]);
    const update = await runImport(changed);
    expect(update.output).toMatch(/0 created, 1 updated, 0 unchanged/);
    const after = await readCases();
    expect(after.nodes.map((n) => n.id).sort()).toEqual(ids);
    expect(after.nodes.filter((n) => n.subject.sex === 'MALE')).toHaveLength(1);
    expect(await count('case_exploitations')).toBe(6);
  });

  it('a deleted record is removed with its parts and links, no longer counted, and the deletion is audited', async () => {
    const [victim] = (await store.query(
      `SELECT c.seq, c.id FROM cases c JOIN person_identities p ON p.case_seq = c.seq WHERE p.given_names = 'Anna 1'`,
    )) as { seq: number; id: string }[];
    await store.query(
      `INSERT INTO case_links (id, owned, case_seq, case_id, foreign_case_id, foreign_country, basis, confirmed_by, created_month) VALUES ('FI:CaseLink:import-test', ${backend === 'SQLite' ? 1 : 'true'}, ${Number(victim?.seq)}, '${victim?.id}', 'SE:Case:2024-000001', 'SE', 'MANUAL', 'FI,SE', '2024-05')`,
    );
    const file = csvFile(join(dir, 'delete.csv'), [{ sourceReference: references[0], deleted: true }]);
    const { output } = await runImport(file);
    expect(output).toMatch(/0 created, 0 updated, 0 unchanged, 1 deleted, 0 invalid/);
    expect(await count('cases')).toBe(2);
    expect(await count('case_links')).toBe(0);
    expect(await count('case_exploitations')).toBe(4);
    expect(await count('person_identities')).toBe(2);
    expect(await count('import_references')).toBe(2);
    const page = await readCases();
    expect(page.nodes.map((n) => n.id)).not.toContain(victim?.id);
    const deletions = await store.query(
      `SELECT entity_ids AS "entityIds", action FROM audit_events WHERE reason = 'IMPORT_DELETE'`,
    );
    expect(deletions).toEqual([{ entityIds: victim?.id, action: 'WRITE' }]);
    // Deleting it again is a no-op, not an error.
    expect((await runImport(file)).output).toMatch(/0 deleted, 1 deletions of unknown records/);
  });

  it('never stores a source reference in clear', async () => {
    const tables = (await store.query(
      backend === 'SQLite'
        ? `SELECT name FROM sqlite_master WHERE type = 'table'`
        : `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`,
    )) as { name: string }[];
    expect(tables.map((t) => t.name)).toContain('import_references');
    for (const { name } of tables) {
      const rows = JSON.stringify(await store.query(`SELECT * FROM "${name}"`));
      for (const reference of references) expect(rows).not.toContain(reference.replace('CMS-', ''));
    }
  });
});
