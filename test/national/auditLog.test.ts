import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { randomBytes } from 'node:crypto';
import {
  type AuditEventInput,
  GENESIS_HASH,
  appendAuditEvents,
  auditEventHash,
  auditHashedColumns,
  useAuditChainKey,
} from '../../subgraphs/national/src/audit/auditLog';
import { AuditEventRow } from '../../subgraphs/national/src/audit/auditEvent.entity';
import { listAuditEvents } from '../../subgraphs/national/src/audit/auditQueries';
import { verifyAuditChain } from '../../subgraphs/national/src/audit/verifyChain';
import { runWriteTransaction } from '../../subgraphs/national/src/audit/writeTransaction';
import { createDataSource } from '../../subgraphs/national/src/database/dataSource';
import { recreateDatabase } from '../support/postgres';
import { runScript, tempDir } from '../support/services';

const CLI = 'subgraphs/national/dist/audit/cli.js';

/** This test's audit-chain key, as the service would hold it (AUDIT_CHAIN_KEY). */
const KEY = randomBytes(32);
const KEY_ENV = { AUDIT_CHAIN_KEY: KEY.toString('base64'), AUDIT_CHAIN_KEY_FILE: '' };

type Backend = 'SQLite' | 'PostgreSQL';

let stores = 0;
const open: DataSource[] = [];

/** A fresh, migrated national store (its own SQLite file or PostgreSQL database). */
async function newStore(backend: Backend): Promise<{ url: string; ds: DataSource }> {
  stores += 1;
  const url =
    backend === 'SQLite'
      ? `sqlite:${join(tempDir('audit'), 'fi.sqlite')}`
      : await recreateDatabase(`nordic_test_audit_${stores}`);
  const ds = await connect(url);
  await ds.runMigrations({ transaction: 'each' });
  return { url, ds };
}

async function connect(url: string): Promise<DataSource> {
  const ds = createDataSource({ url });
  await ds.initialize();
  useAuditChainKey(ds, KEY);
  open.push(ds);
  return ds;
}

let traces = 0;
function event(overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  traces += 1;
  return {
    actorId: 'sub-5f1c0a9e',
    actorOrg: 'FI:Organisation:nrm-assistance-system',
    actorCountry: 'FI',
    role: 'NATIONAL_COORDINATOR',
    action: 'READ_UNIT',
    entityType: 'Case',
    entityIds: ['FI:Case:2025-000001'],
    purpose: 'VICTIM_ASSISTANCE_CONTINUITY',
    legalBasis: 'GDPR_6_1_E',
    servingCountry: 'FI',
    crossBorder: false,
    resultCount: 1,
    outcome: 'ALLOWED',
    traceId: traces.toString(16).padStart(32, '0'),
    queryHash: 'a'.repeat(64),
    ...overrides,
  };
}

/** Appends `count` events, one transaction each, one after the other. */
async function appendSeveral(ds: DataSource, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await runWriteTransaction(ds, (m) => appendAuditEvents(m, [event({ resultCount: i })]));
  }
}

async function count(ds: DataSource, table: string): Promise<number> {
  const [row] = await ds.query(`SELECT COUNT(*) AS n FROM "${table}"`);
  return Number(row.n);
}

afterAll(async () => {
  for (const ds of open) if (ds.isInitialized) await ds.destroy();
});

describe.each<Backend>(['SQLite', 'PostgreSQL'])('the audit log on %s', (backend) => {
  it('is created by the frozen migration exactly as the entities describe it', async () => {
    const { ds } = await newStore(backend);
    expect(await ds.query('SELECT COUNT(*) AS n FROM "audit_events"')).toEqual([{ n: expect.anything() }]);
    const log = await ds.driver.createSchemaBuilder().log();
    expect(log.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('chains events appended in several transactions, and the chain verifies', async () => {
    const { ds } = await newStore(backend);
    expect(await verifyAuditChain(ds, KEY)).toEqual({ ok: true, rows: 0, lastHash: GENESIS_HASH });

    await appendSeveral(ds, 3);
    await runWriteTransaction(ds, (m) =>
      appendAuditEvents(m, [
        event({ entityIds: ['FI:Case:2025-000002', 'FI:Case:2025-000003', 'FI:Case:2025-000002'] }),
        event({
          outcome: 'DENIED',
          purpose: null,
          legalBasis: null,
          reason: 'NOT_OWNED_BY_THIS_COUNTRY',
          entityIds: ['SE:Case:2025-000009'],
          actorCountry: 'SE',
          crossBorder: true,
          resultCount: 0,
        }),
        event({ action: 'READ_AGGREGATE', entityType: 'StatisticRow', entityIds: [] }),
      ]),
    );

    const rows = await ds.query('SELECT seq, id, prev_hash, hash FROM audit_events ORDER BY seq');
    expect(rows.map((r: any) => Number(r.seq))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[0].id).toBe('FI:AuditEvent:0000000001');
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    // A repeated id is indexed once; an aggregate has no index rows.
    expect(await count(ds, 'audit_event_entities')).toBe(3 + 2 + 1);

    const result = await verifyAuditChain(ds, KEY);
    expect(result).toEqual({ ok: true, rows: 6, lastHash: rows[5].hash });
    // Streaming in small batches gives the same answer.
    expect(await verifyAuditChain(ds, KEY, { batchSize: 4 })).toEqual(result);
  });

  it('keeps one chain when 20 transactions append at the same time', async () => {
    const { url, ds } = await newStore(backend);
    await appendSeveral(ds, 1);
    if (backend === 'PostgreSQL') {
      // Two data sources (like two service processes), ten concurrent transactions each; every
      // transaction keeps its lock a little while so that the others really queue behind it.
      const other = await connect(url);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? ds : other).transaction(async (m) => {
            await appendAuditEvents(m, [event({ resultCount: i }), event({ resultCount: 100 + i })]);
            await m.query('SELECT pg_sleep(0.01)');
          }),
        ),
      );
    } else {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          runWriteTransaction(ds, async (m) => {
            await appendAuditEvents(m, [event({ resultCount: i }), event({ resultCount: 100 + i })]);
            await new Promise((resolve) => setTimeout(resolve, 2));
          }),
        ),
      );
    }
    expect(await verifyAuditChain(ds, KEY)).toMatchObject({ ok: true, rows: 41 });
    const [distinct] = await ds.query(
      'SELECT COUNT(DISTINCT prev_hash) AS n, MAX(seq) AS m FROM audit_events',
    );
    expect(Number(distinct.n)).toBe(41); // no two events share a predecessor: no fork
    expect(Number(distinct.m)).toBe(41); // and no gap
  });

  it('leaves no audit event and an intact chain when the transaction rolls back', async () => {
    const { ds } = await newStore(backend);
    await appendSeveral(ds, 2);
    await expect(
      runWriteTransaction(ds, async (m) => {
        await appendAuditEvents(m, [event(), event()]);
        throw new Error('the access failed after it was logged');
      }),
    ).rejects.toThrow('the access failed');
    expect(await count(ds, 'audit_events')).toBe(2);
    expect(await count(ds, 'audit_event_entities')).toBe(2);
    expect(await verifyAuditChain(ds, KEY)).toMatchObject({ ok: true, rows: 2 });
    // The next append takes seq 3: no gap left by the rolled-back events (on PostgreSQL too).
    await appendSeveral(ds, 1);
    const [last] = await ds.query('SELECT MAX(seq) AS m FROM audit_events');
    expect(Number(last.m)).toBe(3);
    expect(await verifyAuditChain(ds, KEY)).toMatchObject({ ok: true, rows: 3 });
  });

  it('refuses to append outside a transaction or an event that does not fit the contract', async () => {
    const { ds } = await newStore(backend);
    await expect(appendAuditEvents(ds.manager, [event()])).rejects.toThrow(/inside a transaction/);
    const append = (e: AuditEventInput) => runWriteTransaction(ds, (m) => appendAuditEvents(m, [e]));
    await expect(append(event({ role: 'JANITOR' as never }))).rejects.toThrow(/role must be one of/);
    await expect(append(event({ entityIds: ['FI:Case:1,FI:Case:2'] }))).rejects.toThrow(/comma/);
    await expect(append(event({ at: '2025-03-01 12:00' }))).rejects.toThrow(/ISO 8601/);
    await expect(append(event({ actorOrg: 'x'.repeat(97) }))).rejects.toThrow(/actorOrg must be at most 96/);
    expect(await count(ds, 'audit_events')).toBe(0);
  });

  describe('detects tampering', () => {
    let ds: DataSource;
    beforeAll(async () => {
      ({ ds } = await newStore(backend));
    });
    beforeEach(async () => {
      await ds.query('DELETE FROM audit_event_entities');
      await ds.query('DELETE FROM audit_events');
      await appendSeveral(ds, 8);
      expect(await verifyAuditChain(ds, KEY)).toMatchObject({ ok: true, rows: 8 });
    });

    it('an edited field, at the edited event', async () => {
      await ds.query('UPDATE audit_events SET result_count = result_count + 1 WHERE seq = 5');
      expect(await verifyAuditChain(ds, KEY)).toEqual({
        ok: false,
        rows: 4,
        firstBrokenSeq: 5,
        reason: expect.stringMatching(/^hash mismatch/),
      });
      // Found the same way when the event is deep inside a later batch.
      expect(await verifyAuditChain(ds, KEY, { batchSize: 2 })).toMatchObject({
        ok: false,
        firstBrokenSeq: 5,
      });
    });

    it('an edited event whose own hash was recomputed, at the next event', async () => {
      const row = await ds.getRepository(AuditEventRow).findOneByOrFail({ seq: 3 });
      const forged = { ...row, resultCount: 999 };
      const { prevHash: _p, hash: _h, ...fields } = forged;
      await ds.query(
        `UPDATE audit_events SET result_count = 999, hash = '${auditEventHash(KEY, row.prevHash, fields, auditHashedColumns(ds))}' WHERE seq = 3`,
      );
      expect(await verifyAuditChain(ds, KEY)).toMatchObject({
        ok: false,
        firstBrokenSeq: 4,
        reason: expect.stringMatching(/^prevHash does not match the hash of event seq 3/),
      });
    });

    it('a deleted event, at the event after it', async () => {
      await ds.query('DELETE FROM audit_events WHERE seq = 4');
      expect(await verifyAuditChain(ds, KEY)).toEqual({
        ok: false,
        rows: 3,
        firstBrokenSeq: 5,
        reason: 'event seq 4 is missing before it',
      });
    });

    it('a deleted first event', async () => {
      await ds.query('DELETE FROM audit_events WHERE seq = 1');
      expect(await verifyAuditChain(ds, KEY)).toMatchObject({ ok: false, rows: 0, firstBrokenSeq: 2 });
    });

    it('re-ordered events', async () => {
      await ds.query('UPDATE audit_events SET seq = -1 WHERE seq = 6');
      await ds.query('UPDATE audit_events SET seq = 6 WHERE seq = 7');
      await ds.query('UPDATE audit_events SET seq = 7 WHERE seq = -1');
      expect(await verifyAuditChain(ds, KEY)).toMatchObject({
        ok: false,
        firstBrokenSeq: 6,
        reason: expect.stringMatching(/^prevHash does not match/),
      });
    });

    it('an inserted event', async () => {
      const columns =
        'id, at, actor_id, actor_org, actor_country, role, action, entity_type, entity_ids, purpose, legal_basis, serving_country, cross_border, result_count, outcome, reason, trace_id, query_hash, prev_hash, hash';
      await ds.query(
        `INSERT INTO audit_events (seq, ${columns}) SELECT 9, 'FI:AuditEvent:0000000009', ${columns.split(', ').slice(1).join(', ')} FROM audit_events WHERE seq = 8`,
      );
      expect(await verifyAuditChain(ds, KEY)).toMatchObject({ ok: false, rows: 8, firstBrokenSeq: 9 });
    });

    it('a removed or added entity index row', async () => {
      await ds.query(`DELETE FROM audit_event_entities WHERE audit_seq = 2`);
      expect(await verifyAuditChain(ds, KEY)).toMatchObject({
        ok: false,
        firstBrokenSeq: 2,
        reason: expect.stringMatching(/^entity index/),
      });
      await ds.query(
        `INSERT INTO audit_event_entities (audit_seq, entity_id) VALUES (2, 'FI:Case:2025-000001')`,
      );
      expect(await verifyAuditChain(ds, KEY)).toMatchObject({ ok: true });
      await ds.query(
        `INSERT INTO audit_event_entities (audit_seq, entity_id) VALUES (7, 'FI:Case:2025-000777')`,
      );
      expect(await verifyAuditChain(ds, KEY)).toMatchObject({ ok: false, firstBrokenSeq: 7 });
      await ds.query(
        `DELETE FROM audit_event_entities WHERE audit_seq = 7 AND entity_id = 'FI:Case:2025-000777'`,
      );
      await ds.query(
        `INSERT INTO audit_event_entities (audit_seq, entity_id) VALUES (42, 'FI:Case:2025-000001')`,
      );
      expect(await verifyAuditChain(ds, KEY)).toMatchObject({ ok: false, firstBrokenSeq: 42 });
    });
  });

  it('the CLI says whether the chain is intact, with its exit code', async () => {
    expect(existsSync(join(__dirname, '..', '..', CLI))).toBe(true); // built by `npm test` (or `npx tsc -b subgraphs/national`)
    const { url, ds } = await newStore(backend);
    await appendSeveral(ds, 5);

    const intact = await runScript(CLI, ['verify', '--country', 'FI', '--database', url], KEY_ENV);
    expect(intact.code).toBe(0);
    expect(intact.output).toContain('fine: chain: 5 events, every hash verifies with the chain key');
    expect(intact.output).toMatch(/audit log of FI intact\n$/);

    await ds.query("UPDATE audit_events SET actor_id = 'someone-else' WHERE seq = 2");
    const broken = await runScript(
      CLI,
      ['verify', '--country', 'fi', '--database', url, '--batch-size', '2'],
      KEY_ENV,
    );
    expect(broken.code).toBe(1);
    expect(broken.output).toContain(
      'REWRITE: event seq 2: hash mismatch: the stored event was changed after it was written',
    );
    expect(broken.output).toMatch(/audit log of FI TAMPERED: 1 finding\n$/);

    // Without the key the chain cannot be checked: the CLI says which key to configure.
    const keyless = await runScript(CLI, ['verify', '--country', 'FI', '--database', url], {
      AUDIT_CHAIN_KEY: '',
      AUDIT_CHAIN_KEY_FILE: '/nonexistent/audit-chain-key.json',
    });
    expect(keyless.code).toBe(2);
    expect(keyless.output).toMatch(
      /AUDIT_CHAIN_KEY_FILE: no file at \/nonexistent\/audit-chain-key\.json\. Fix: set AUDIT_CHAIN_KEY_FILE/,
    );
  });

  if (backend === 'SQLite') {
    it('the CLI refuses bad arguments (exit 2) and a store it cannot read (exit 3)', async () => {
      const bad = async (args: string[], message: RegExp) => {
        const result = await runScript(CLI, args, { COUNTRY: '', DATABASE_URL: '', ...KEY_ENV });
        expect(result.code).toBe(2);
        expect(result.output).toMatch(message);
      };
      await Promise.all([
        bad([], /missing command "verify"/),
        bad(['check', '--country', 'FI'], /unknown command "check"/),
        bad(['verify'], /--country must be the ISO 3166-1 alpha-2 code of a member country/),
        bad(['verify', '--country', 'ZZ'], /--country must be the ISO 3166-1 alpha-2 code .* \(got "ZZ"\)/),
        bad(['verify', '--country', 'FI', '--database', 'mysql://x/y'], /--database must be sqlite:/),
        bad(['verify', '--country', 'FI', '--contry', 'SE'], /unknown option --contry/),
        bad(['verify', '--country', 'FI', '--batch-size', '0'], /--batch-size must be a positive/),
        bad(['verify', 'FI'], /unexpected argument "FI"/),
      ]);

      const missing = join(tempDir('audit'), 'none.sqlite');
      const result = await runScript(
        CLI,
        ['verify', '--country', 'FI', '--database', `sqlite:${missing}`],
        KEY_ENV,
      );
      expect(result.code).toBe(3);
      expect(result.output).toMatch(/no database file/);
      expect(existsSync(missing)).toBe(false);
    });
  }

  describe('listAuditEvents', () => {
    let ds: DataSource;
    beforeAll(async () => {
      ({ ds } = await newStore(backend));
      const at = (day: number) => `2025-03-${String(day).padStart(2, '0')}T10:00:00.000Z`;
      await runWriteTransaction(ds, (m) =>
        appendAuditEvents(m, [
          event({ at: at(1), entityIds: ['FI:Case:2025-000001'] }), // 1
          event({ at: at(2), entityIds: ['FI:Case:2025-0000010'] }), // 2: the id asked for is a prefix of this one
          event({ at: at(3), entityIds: ['FI:Case:2025_000001'] }), // 3: differs only where LIKE's _ would match
          event({ at: at(4), entityIds: ['FI:Case:2025-000002', 'FI:Case:2025-000001'], resultCount: 2 }), // 4
          event({ at: at(5), actorCountry: 'SE', crossBorder: true, entityIds: ['FI:Case:2025-000001'] }), // 5
          event({
            at: at(6),
            actorCountry: 'NO',
            crossBorder: true,
            outcome: 'DENIED',
            purpose: null,
            legalBasis: null,
            reason: 'NOT_AUTHORISED',
            entityIds: ['FI:Case:2025-000001'],
            resultCount: 0,
          }), // 6
          event({ at: at(7), entityIds: ['FI:Case:2025-000003'] }), // 7
        ]),
      );
    });
    const seqs = (page: { nodes: { seq: number }[] }) => page.nodes.map((n) => n.seq);

    it('finds who accessed a record, exactly that id', async () => {
      const page = await listAuditEvents(ds, { entityId: 'FI:Case:2025-000001', first: 10 });
      expect(seqs(page)).toEqual([6, 5, 4, 1]);
      expect(page.hasNextPage).toBe(false);
      expect(page.nodes[2]).toMatchObject({
        id: 'FI:AuditEvent:0000000004',
        entityIds: ['FI:Case:2025-000002', 'FI:Case:2025-000001'],
        crossBorder: false,
        resultCount: 2,
        outcome: 'ALLOWED',
      });
      expect(seqs(await listAuditEvents(ds, { entityId: 'FI:Case:2025-00000', first: 10 }))).toEqual([]);
      expect(seqs(await listAuditEvents(ds, { entityId: 'FI:Case:2025-%', first: 10 }))).toEqual([]);
    });

    it('filters by actor country, cross-border, outcome and time', async () => {
      expect(seqs(await listAuditEvents(ds, { actorCountry: 'SE', first: 10 }))).toEqual([5]);
      expect(seqs(await listAuditEvents(ds, { crossBorder: true, first: 10 }))).toEqual([6, 5]);
      expect(seqs(await listAuditEvents(ds, { crossBorder: false, first: 10 }))).toEqual([7, 4, 3, 2, 1]);
      const denied = await listAuditEvents(ds, { outcome: 'DENIED', first: 10 });
      expect(denied.nodes).toEqual([
        expect.objectContaining({ seq: 6, purpose: null, legalBasis: null, reason: 'NOT_AUTHORISED' }),
      ]);
      expect(
        seqs(await listAuditEvents(ds, { from: '2025-03-03', to: '2025-03-05T10:00:00Z', first: 10 })),
      ).toEqual([4, 3]);
      expect(
        seqs(
          await listAuditEvents(ds, {
            entityId: 'FI:Case:2025-000001',
            outcome: 'ALLOWED',
            from: '2025-03-02',
            first: 10,
          }),
        ),
      ).toEqual([5, 4]);
    });

    it('pages newest first with a cursor, round trip', async () => {
      const all = await listAuditEvents(ds, { first: 100 });
      expect(seqs(all)).toEqual([7, 6, 5, 4, 3, 2, 1]);
      const collected: number[] = [];
      let after: string | undefined;
      let pages = 0;
      for (;;) {
        const page = await listAuditEvents(ds, { first: 3, after });
        pages += 1;
        collected.push(...seqs(page));
        if (!page.hasNextPage) break;
        after = page.endCursor as string;
      }
      expect(pages).toBe(3);
      expect(collected).toEqual(seqs(all));
      expect(all.nodes.map((n) => n.hash)).toEqual(
        [...(await ds.query('SELECT hash FROM audit_events ORDER BY seq DESC'))].map((r: any) => r.hash),
      );
    });

    it('refuses a foreign cursor and a bad page size', async () => {
      const page = await listAuditEvents(ds, { crossBorder: true, first: 1 });
      await expect(listAuditEvents(ds, { first: 1, after: page.endCursor as string })).rejects.toMatchObject({
        extensions: { code: 'INVALID_CURSOR' },
      });
      await expect(listAuditEvents(ds, { first: 1, after: 'bm9wZQ' })).rejects.toMatchObject({
        extensions: { code: 'INVALID_CURSOR' },
      });
      await expect(listAuditEvents(ds, { first: 0 })).rejects.toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
      });
      await expect(listAuditEvents(ds, { first: 5, from: 'yesterday' })).rejects.toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', argument: 'from' },
      });
    });
  });
});
