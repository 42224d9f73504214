import { type ConnectedCountry, ErrorCode, contractError, formatGlobalId } from '@nordic/schema';
import type { EntityManager } from 'typeorm';
import {
  AssistanceRow,
  CaseRow,
  ExploitationRow,
  IndicatorRow,
  TraffickingEventRow,
} from '../cases/case.entity';
import { caseRowValues } from '../cases/case.mapper';
import { caseChildRows } from '../cases/caseRows';
import { nextLocalId } from '../crossborder/idempotency';
import { PersonIdentityRow } from '../identity/personIdentity.entity';
import { MatchTokenRow } from '../matching/matchToken.entity';
import { type LinkageKey, matchTokensOf } from '../matching/matchTokens';
import type { CaseContents } from '../seed/syntheticCase';
import type { CaseContentsRecord } from './caseRecordSchema';

/*
 * Writes one case from a validated record (caseRecordProblems) inside the caller's transaction: the
 * case row with its statistics columns (cases/case.mapper.ts), its exploitation, event, indicator and
 * assistance rows (cases/caseRows.ts, the mapping the seed uses), its national-only identity and its
 * match tokens. The caller authorises, audits and runs the transaction (runWriteTransaction).
 */

export interface CaseRecordWriteOptions {
  /** The linkage key the match tokens are computed with (the service's configured key). */
  linkageKey: LinkageKey;
}

export interface CaseReplaceOptions extends CaseRecordWriteOptions {
  /** When given, the stored version must be this one, else `CONFLICT` and nothing is written. */
  expectedVersion?: number;
}

/** A written case: its global id, store key and version. */
export interface WrittenCase {
  id: string;
  seq: number;
  version: number;
}

function contentsOf(
  record: CaseContentsRecord,
  kept: { originReferralId: string | null; responsibleOrgId: string | null },
): CaseContents {
  return {
    ...record,
    originReferralId: record.originReferralId === undefined ? kept.originReferralId : record.originReferralId,
    responsibleOrgId: record.responsibleOrgId === undefined ? kept.responsibleOrgId : record.responsibleOrgId,
  };
}

/** Registers a new case (a fresh random record key, version 1); returns its global id. */
export async function insertCaseRecord(
  manager: EntityManager,
  country: ConnectedCountry,
  record: CaseContentsRecord,
  options: CaseRecordWriteOptions,
): Promise<string> {
  const year = Number(record.openedMonth.slice(0, 4));
  const local = await nextLocalId(manager, CaseRow, `${country}:Case:`, year);
  const contents = contentsOf(record, { originReferralId: null, responsibleOrgId: null });
  const values = caseRowValues(country, local, contents, false, false);
  const inserted = await manager.getRepository(CaseRow).insert(values);
  const seq = Number((inserted.identifiers[0] as { seq: number }).seq);
  await insertChildren(manager, seq, contents);
  if (record.identity)
    await manager.getRepository(PersonIdentityRow).insert({ caseSeq: seq, ...record.identity });
  await refreshCaseTokens(manager, seq, contents.citizenship, options.linkageKey);
  return values.id;
}

/**
 * Replaces the contents of an existing case of this country (by store key or global id): its row
 * (keeping id, record key, links flag and synthetic flag; version + 1), its child rows, its identity
 * (an absent `identity` keeps the stored one, null removes it) and its match tokens. `NOT_FOUND` when
 * there is no such case; `CONFLICT` when `expectedVersion` is given and is not the stored version.
 */
export async function replaceCaseRecord(
  manager: EntityManager,
  country: ConnectedCountry,
  caseRef: number | string,
  record: CaseContentsRecord,
  options: CaseReplaceOptions,
): Promise<WrittenCase> {
  const current = await lockedCase(manager, country, caseRef);
  if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
    throw conflict(current, options.expectedVersion);
  }
  const contents = contentsOf(record, current);
  const local = current.id.slice(current.id.lastIndexOf(':') + 1);
  const version = current.version + 1;
  const values = {
    ...caseRowValues(country, local, contents, current.hasLinks, current.synthetic),
    id: current.id,
    recordKey: current.recordKey,
    version,
  };
  await manager.getRepository(CaseRow).update({ seq: current.seq }, values);
  await deleteChildren(manager, current.seq);
  await insertChildren(manager, current.seq, contents);
  if (record.identity !== undefined) {
    await manager.getRepository(PersonIdentityRow).delete({ caseSeq: current.seq });
    if (record.identity) {
      await manager.getRepository(PersonIdentityRow).insert({ caseSeq: current.seq, ...record.identity });
    }
  }
  await refreshCaseTokens(manager, current.seq, contents.citizenship, options.linkageKey);
  return { id: current.id, seq: current.seq, version };
}

/** The `CONFLICT` error of a stale write: names the stored version so the client can re-read and retry. */
export function conflict(current: Pick<CaseRow, 'id' | 'version'>, expectedVersion: number): Error {
  return contractError(
    ErrorCode.CONFLICT,
    `${current.id} is at version ${current.version}, not ${expectedVersion}: it was changed since you read it. Nothing was written; read the case again and redo your change on version ${current.version}.`,
    { id: current.id, currentVersion: current.version, argument: 'expectedVersion' },
  );
}

/** The case, read for a change: under a row lock on PostgreSQL (SQLite runs writes one at a time). */
export async function lockedCase(
  manager: EntityManager,
  country: ConnectedCountry,
  caseRef: number | string,
): Promise<CaseRow> {
  const lock =
    manager.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {};
  const where = typeof caseRef === 'number' ? { seq: caseRef } : { id: caseRef };
  const row = await manager.getRepository(CaseRow).findOne({ where, ...lock });
  if (!row) {
    const shown = typeof caseRef === 'number' ? formatGlobalId(country, 'Case', `#${caseRef}`) : caseRef;
    throw contractError(ErrorCode.NOT_FOUND, `${shown} is not a case of ${country}.`, { id: shown });
  }
  return row;
}

async function insertChildren(
  manager: EntityManager,
  caseSeq: number,
  contents: CaseContents,
): Promise<void> {
  const children = caseChildRows(caseSeq, contents);
  if (children.exploitations.length > 0)
    await manager.getRepository(ExploitationRow).insert(children.exploitations);
  if (children.events.length > 0) await manager.getRepository(TraffickingEventRow).insert(children.events);
  if (children.indicators.length > 0) await manager.getRepository(IndicatorRow).insert(children.indicators);
  if (children.assistance.length > 0) await manager.getRepository(AssistanceRow).insert(children.assistance);
}

async function deleteChildren(manager: EntityManager, caseSeq: number): Promise<void> {
  for (const entity of [ExploitationRow, TraffickingEventRow, IndicatorRow, AssistanceRow]) {
    await manager.getRepository(entity).delete({ caseSeq });
  }
}

/** Recomputes the case's match tokens from its stored identity and the given citizenship. */
async function refreshCaseTokens(
  manager: EntityManager,
  caseSeq: number,
  citizenship: readonly string[],
  key: LinkageKey,
): Promise<void> {
  await manager.getRepository(MatchTokenRow).delete({ caseSeq });
  const identity = await manager.getRepository(PersonIdentityRow).findOne({ where: { caseSeq } });
  if (!identity) return;
  const tokens = matchTokensOf({ ...identity, citizenship }, key);
  if (tokens.length > 0) {
    await manager.getRepository(MatchTokenRow).insert(tokens.map((t) => ({ caseSeq, ...t })));
  }
}
