import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { useAuditChainKey } from '../../subgraphs/national/src/audit/auditLog';
import { createDataSource } from '../../subgraphs/national/src/database/dataSource';
import { type ImportProgress, importCases } from '../../subgraphs/national/src/import/importCases';
import { writeSyntheticImportFile } from '../../subgraphs/national/src/import/syntheticImportFile';
import { recreateDatabase } from '../support/postgres';
import { tempDir } from '../support/services';

/*
 * Constant memory at any file size, as a count rather than a measurement: the importer holds the records
 * of the batch being written and of the next one being read, never more than twice the batch size,
 * however many batches the file has (issue 14). RSS at 100,000 and 1,000,000 records is in
 * docs/benchmarks.md "Case import".
 */

const backends: [string, (dir: string) => Promise<string>][] = [
  ['SQLite', async (dir) => `sqlite:${join(dir, 'fi.sqlite')}`],
  ['PostgreSQL', () => recreateDatabase('nordic_test_import_memory_fi')],
];

describe.each(backends)('the importer on %s', (_backend, databaseFor) => {
  let dir: string;
  let store: DataSource;

  beforeAll(async () => {
    dir = tempDir('import-memory');
    store = createDataSource({ url: await databaseFor(dir) });
    await store.initialize();
    await store.runMigrations();
    useAuditChainKey(store, randomBytes(32));
  });
  afterAll(async () => {
    await store?.destroy();
  });

  it('holds at most two batches of records, however long the file, and writes every record once', async () => {
    const file = join(dir, 'cases.jsonl');
    const records = 330;
    const batchSize = 20;
    await writeSyntheticImportFile(file, 'jsonl', 'FI', records);
    const referenceKey = randomBytes(32);
    const linkageSecret = randomBytes(32);
    const progress: ImportProgress[] = [];
    const run = () =>
      importCases({
        dataSource: store,
        country: 'FI',
        file,
        format: 'jsonl',
        referenceKey,
        linkageKey: { version: 1, secret: linkageSecret },
        dryRun: false,
        operator: 'test-operator',
        today: '2026-12',
        batchSize,
        onProgress: (p) => progress.push(p),
      });

    const first = await run();
    expect(first).toMatchObject({ records, invalid: 0, created: records, updated: 0, unchanged: 0 });
    // One progress report per batch (17 batches: 16 of 20, one of 10), in file order.
    expect(progress).toHaveLength(Math.ceil(records / batchSize));
    expect(progress.map((p) => p.records)).toEqual([...progress.map((p) => p.records)].sort((a, b) => a - b));
    expect(Math.max(...progress.map((p) => p.bufferedRecords))).toBeLessThanOrEqual(2 * batchSize);
    const [{ n }] = (await store.query('SELECT COUNT(*) AS n FROM cases')) as [{ n: number | string }];
    expect(Number(n)).toBe(records);

    // The re-import reads the same batches and writes nothing.
    progress.length = 0;
    const again = await run();
    expect(again).toMatchObject({ records, created: 0, updated: 0, unchanged: records });
    expect(Math.max(...progress.map((p) => p.bufferedRecords))).toBeLessThanOrEqual(2 * batchSize);
  });
});
