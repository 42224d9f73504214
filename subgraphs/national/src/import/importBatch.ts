import type { ConnectedCountry } from '@nordic/schema';
import { formatGlobalId } from '@nordic/schema';
import type { DataSource, QueryRunner } from 'typeorm';
import { type AuditEventInput, appendAuditEvents } from '../audit/auditLog';
import {
  AssistanceRow,
  CaseRow,
  ExploitationRow,
  IndicatorRow,
  TraffickingEventRow,
} from '../cases/case.entity';
import { caseRowValues } from '../cases/case.mapper';
import { caseChildRows } from '../cases/caseRows';
import type { CaseContentsRecord } from '../caseRecords/caseRecordSchema';
import { PersonIdentityRow } from '../identity/personIdentity.entity';
import { MatchTokenRow } from '../matching/matchToken.entity';
import { type LinkageKey, matchTokensOf } from '../matching/matchTokens';
import { lockLocalIds } from '../crossborder/idempotency';
import { rowSink } from './copyInsert';
import { ImportReferenceRow } from './importReference.entity';

/** A valid record ready to write: a case to create or replace, or a deletion. */
export interface PreparedRecord {
  referenceHash: string;
  /** SHA-256 of the record's content; equal on re-import of an unchanged record. */
  contentHash: string;
  /** Null for a deletion. */
  record: CaseContentsRecord | null;
}

export interface BatchCounts {
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  /** Deletions of records this store never imported (or already deleted): nothing to do. */
  deleteUnknown: number;
}

export interface BatchContext {
  dataSource: DataSource;
  runner: QueryRunner;
  /** What `await runner.connect()` returned (the pg client on PostgreSQL, for COPY). */
  client: unknown;
  country: ConnectedCountry;
  /** The service's linkage key: match tokens are computed on write, as the API does. */
  linkageKey: LinkageKey;
  /** The audit events of a batch (its writes, its deletions), without their ids, counts and reasons. */
  audit: Omit<AuditEventInput, 'entityIds' | 'resultCount' | 'entityType' | 'reason'>;
}

/** Tables holding a case's parts, keyed by `case_seq` (replaced with the case). */
const PART_TABLES = [
  'case_exploitations',
  'trafficking_events',
  'indicator_observations',
  'assistance_episodes',
];
/** …and its national-only identity with the match tokens made from it (replaced when the record gives one). */
const IDENTITY_TABLES = ['person_identities', 'match_tokens'];

/**
 * Local ids for new cases, `<year>-<n>` numbered on from the year's highest as the API numbers them
 * (crossborder/idempotency.ts nextLocalId), one query per year in the batch, under the same numbering
 * lock (`lockLocalIds`), held until the batch commits: a case registered through the API meanwhile
 * numbers on after the batch's.
 */
async function newLocals(runner: QueryRunner, postgres: boolean, country: string, years: readonly number[]) {
  const next = new Map<number, number>();
  // Years in order, so two transactions that number several years take their locks in the same order.
  for (const year of [...new Set(years)].sort((a, b) => a - b)) {
    await lockLocalIds(runner, postgres, `${country}:Case:${year}-`);
    const [row] = (await runner.query(
      `SELECT MAX(id) AS id FROM cases WHERE id >= ${postgres ? '$1' : '?'} AND id < ${postgres ? '$2' : '?'}`,
      [`${country}:Case:${year}-`, `${country}:Case:${year}.`],
    )) as { id: string | null }[];
    next.set(year, row?.id ? Number(row.id.slice(row.id.lastIndexOf('-') + 1)) : 0);
  }
  return (year: number) => {
    const n = (next.get(year) as number) + 1;
    next.set(year, n);
    return `${year}-${String(n).padStart(6, '0')}`;
  };
}

/**
 * `column` is one of `values`: one array parameter on PostgreSQL (`= ANY($1)`, parsed and planned once
 * however long the batch), a list of parameters on SQLite.
 */
function oneOf(postgres: boolean, column: string, values: readonly (string | number)[]): [string, unknown[]] {
  return postgres
    ? [`${column} = ANY($1)`, [values]]
    : [`${column} IN (${values.map(() => '?').join(', ')})`, [...values]];
}

/** What a replaced case keeps of its stored row. */
interface Kept {
  id: string;
  recordKey: number;
  hasLinks: boolean;
  version: number;
  originReferralId: string | null;
  responsibleOrgId: string | null;
}

/** Store keys for `count` new cases: from the sequence on PostgreSQL; past any key ever used on SQLite. */
async function newSeqs(runner: QueryRunner, postgres: boolean, count: number): Promise<number[]> {
  if (count === 0) return [];
  if (postgres) {
    const rows = (await runner.query(
      `SELECT nextval(pg_get_serial_sequence('cases', 'seq'))::int AS seq FROM generate_series(1, $1)`,
      [count],
    )) as { seq: number }[];
    return rows.map((r) => Number(r.seq));
  }
  const [{ last }] = (await runner.query(
    `SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'cases'), 0), COALESCE((SELECT MAX(seq) FROM cases), 0)) AS last`,
  )) as [{ last: number }];
  return Array.from({ length: count }, (_, i) => Number(last) + i + 1);
}

/**
 * Writes one batch in the runner's open transaction: new records become cases, changed ones replace
 * their case's content (same id, store key, record key and links), deletions remove the case with its
 * parts, links and match tokens and are audited. References in the batch must be distinct.
 */
export async function writeBatch(
  context: BatchContext,
  batch: readonly PreparedRecord[],
): Promise<BatchCounts> {
  const { dataSource, runner, client, country } = context;
  const postgres = dataSource.options.type === 'postgres';
  const counts: BatchCounts = { created: 0, updated: 0, unchanged: 0, deleted: 0, deleteUnknown: 0 };
  if (batch.length === 0) return counts;

  const known = new Map<string, { caseSeq: number; contentHash: string }>();
  const hashes = batch.map((b) => b.referenceHash);
  const [isBatchReference, batchReferences] = oneOf(postgres, 'reference_hash', hashes);
  for (const row of (await runner.query(
    `SELECT reference_hash AS "referenceHash", case_seq AS "caseSeq", content_hash AS "contentHash" FROM import_references WHERE ${isBatchReference}`,
    batchReferences,
  )) as { referenceHash: string; caseSeq: number; contentHash: string }[])
    known.set(row.referenceHash, { caseSeq: Number(row.caseSeq), contentHash: row.contentHash });

  const creates: PreparedRecord[] = [];
  const replaces: { prepared: PreparedRecord; caseSeq: number }[] = [];
  const deletes: { prepared: PreparedRecord; caseSeq: number }[] = [];
  for (const prepared of batch) {
    const existing = known.get(prepared.referenceHash);
    if (prepared.record === null) {
      if (existing) deletes.push({ prepared, caseSeq: existing.caseSeq });
      else counts.deleteUnknown += 1;
    } else if (!existing) creates.push(prepared);
    else if (existing.contentHash === prepared.contentHash) counts.unchanged += 1;
    else replaces.push({ prepared, caseSeq: existing.caseSeq });
  }

  // What a replaced case keeps (id, record key, links), and the ids of deleted cases for the audit.
  const touched = [...replaces, ...deletes].map((r) => r.caseSeq);
  const kept = new Map<number, Kept>();
  if (touched.length > 0) {
    const [isTouchedCase, touchedCases] = oneOf(postgres, 'seq', touched);
    const [isTouchedPart, touchedParts] = oneOf(postgres, 'case_seq', touched);
    for (const row of (await runner.query(
      `SELECT seq, id, record_key AS "recordKey", has_links AS "hasLinks", version, origin_referral_id AS "originReferralId", responsible_org_id AS "responsibleOrgId" FROM cases WHERE ${isTouchedCase}`,
      touchedCases,
    )) as (Omit<Kept, 'hasLinks'> & { seq: number; hasLinks: boolean | number })[])
      kept.set(Number(row.seq), {
        id: row.id,
        recordKey: Number(row.recordKey),
        hasLinks: Boolean(row.hasLinks),
        version: Number(row.version),
        originReferralId: row.originReferralId,
        responsibleOrgId: row.responsibleOrgId,
      });
    for (const table of PART_TABLES)
      await runner.query(`DELETE FROM "${table}" WHERE ${isTouchedPart}`, touchedParts);
    // A changed record without an identity leaves the stored one as it is (as the API's update does).
    const identityGone = [
      ...replaces.filter((r) => r.prepared.record?.identity !== undefined),
      ...deletes,
    ].map((r) => r.caseSeq);
    if (identityGone.length > 0) {
      const [isGone, gone] = oneOf(postgres, 'case_seq', identityGone);
      for (const table of IDENTITY_TABLES) await runner.query(`DELETE FROM "${table}" WHERE ${isGone}`, gone);
    }
    await runner.query(`DELETE FROM cases WHERE ${isTouchedCase}`, touchedCases);
    const [isReplaced, replaced] = oneOf(
      postgres,
      'reference_hash',
      [...replaces, ...deletes].map((r) => r.prepared.referenceHash),
    );
    await runner.query(`DELETE FROM import_references WHERE ${isReplaced}`, replaced);
  }
  if (deletes.length > 0) {
    const [isDeleted, deleted] = oneOf(
      postgres,
      'case_seq',
      deletes.map((d) => d.caseSeq),
    );
    await runner.query(`DELETE FROM case_links WHERE ${isDeleted}`, deleted);
  }

  const sink = <T extends object>(target: new () => T, explicitKeys: boolean) =>
    rowSink<T>(dataSource, client, target, { explicitKeys });
  const cases = sink(CaseRow, true);
  const exploitations = sink(ExploitationRow, false);
  const events = sink(TraffickingEventRow, false);
  const indicators = sink(IndicatorRow, false);
  const assistance = sink(AssistanceRow, false);
  const identities = sink(PersonIdentityRow, true);
  const tokens = sink(MatchTokenRow, true);
  const references = sink(ImportReferenceRow, true);

  const writtenIds: string[] = [];
  const write = (prepared: PreparedRecord, caseSeq: number, local: string, keep: Kept | null) => {
    const c = prepared.record as CaseContentsRecord;
    // Absent on a changed record: left as it is (as the API's update does).
    const contents = {
      ...c,
      originReferralId:
        c.originReferralId === undefined ? (keep?.originReferralId ?? null) : c.originReferralId,
      responsibleOrgId:
        c.responsibleOrgId === undefined ? (keep?.responsibleOrgId ?? null) : c.responsibleOrgId,
    };
    const values = caseRowValues(country, local, contents, keep?.hasLinks ?? false, false);
    writtenIds.push(values.id);
    cases.push({
      seq: caseSeq,
      ...values,
      ...(keep ? { recordKey: keep.recordKey, version: keep.version + 1 } : {}),
    });
    const children = caseChildRows(caseSeq, contents);
    for (const row of children.exploitations) exploitations.push(row);
    for (const row of children.events) events.push(row);
    for (const row of children.indicators) indicators.push(row);
    for (const row of children.assistance) assistance.push(row);
    if (c.identity) {
      identities.push({ caseSeq, ...c.identity });
      for (const token of matchTokensOf({ ...c.identity, citizenship: c.citizenship }, context.linkageKey))
        tokens.push({ caseSeq, ...token });
    }
    references.push({
      referenceHash: prepared.referenceHash,
      caseSeq,
      contentHash: prepared.contentHash,
    });
  };

  const seqs = await newSeqs(runner, postgres, creates.length);
  const yearOf = (p: PreparedRecord) => Number(p.record?.openedMonth.slice(0, 4));
  const localFor = await newLocals(runner, postgres, country, creates.map(yearOf));
  for (const [i, prepared] of creates.entries())
    write(prepared, seqs[i] as number, localFor(yearOf(prepared)), null);
  for (const { prepared, caseSeq } of replaces) {
    const keep = kept.get(caseSeq);
    if (!keep) throw new Error(`import reference names case ${caseSeq}, which is not in the store`);
    write(prepared, caseSeq, keep.id.slice(keep.id.lastIndexOf(':') + 1), keep);
  }
  for (const s of [cases, exploitations, events, indicators, assistance, identities, tokens, references])
    await s.flush();

  // Every case written or deleted is named in the audit log. Last statement of the transaction: on
  // PostgreSQL the audit append holds the chain lock until commit.
  const deletedIds = deletes.map(
    (d) => kept.get(d.caseSeq)?.id ?? formatGlobalId(country, 'Case', `seq-${d.caseSeq}`),
  );
  const auditEvents: AuditEventInput[] = [];
  if (writtenIds.length > 0)
    auditEvents.push({
      ...context.audit,
      entityType: 'Case',
      entityIds: writtenIds,
      resultCount: writtenIds.length,
      reason: 'IMPORT_WRITE',
    });
  if (deletedIds.length > 0)
    auditEvents.push({
      ...context.audit,
      entityType: 'Case',
      entityIds: deletedIds,
      resultCount: deletedIds.length,
      reason: 'IMPORT_DELETE',
    });
  await appendAuditEvents(runner.manager, auditEvents);
  counts.created = creates.length;
  counts.updated = replaces.length;
  counts.deleted = deletes.length;
  return counts;
}
