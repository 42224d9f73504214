import { type AuditEventQuery, ErrorCode, contractError } from '@nordic/schema';
import type { DataSource } from 'typeorm';
import { AuditEventEntityRow, AuditEventRow } from './auditEvent.entity';
import { decodePageCursor, encodePageCursor } from '../pageCursor';

/** What the auditor query may filter on: the contract's query shape (every given filter must hold). */
export type AuditEventFilter = AuditEventQuery;

/** An audit event as the auditor sees it: the AuditEvent type of DOMAIN §2 plus its place in the chain. */
export interface AuditEventRecord {
  seq: number;
  id: string;
  at: string;
  actorId: string;
  actorOrg: string;
  actorCountry: string;
  role: string;
  /** Every role of the caller ([] for events written before roles were stored). */
  roles: string[];
  /** For a WRITE: the names of the fields it changed ([] for other events). */
  changedFields: string[];
  action: string;
  entityType: string;
  entityIds: string[];
  purpose: string | null;
  legalBasis: string | null;
  servingCountry: string;
  crossBorder: boolean;
  resultCount: number;
  outcome: string;
  reason: string | null;
  traceId: string;
  queryHash: string;
  prevHash: string;
  hash: string;
}

export interface AuditEventPage {
  nodes: AuditEventRecord[];
  endCursor: string | null;
  hasNextPage: boolean;
}

export const MAX_AUDIT_PAGE = 500;

const AUDIT_CURSOR = 'audit';
const isSeq = (p: unknown): p is number => Number.isInteger(p);
const encodeCursor = (filter: AuditEventFilter, seq: number) => encodePageCursor(AUDIT_CURSOR, filter, seq);
const decodeCursor = (filter: AuditEventFilter, cursor: string) =>
  decodePageCursor(cursor, filter, { kind: AUDIT_CURSOR, isPosition: isSeq });

/** A bound on `at` as the stored form (`YYYY-MM-DDTHH:MM:SS.sssZ`), which sorts as text. */
function timeBound(argument: 'from' | 'to', value: string): string {
  const ms = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value)
    ? Date.parse(value)
    : Number.NaN;
  if (Number.isNaN(ms)) {
    throw contractError(
      ErrorCode.BAD_USER_INPUT,
      `${argument} must be an ISO 8601 date or UTC time like 2025-03-01 or 2025-03-01T12:00:00Z (got "${value}").`,
      { argument },
    );
  }
  return new Date(ms).toISOString();
}

function toRecord(row: AuditEventRow): AuditEventRecord {
  return {
    seq: row.seq,
    id: row.id,
    at: row.at,
    actorId: row.actorId,
    actorOrg: row.actorOrg,
    actorCountry: row.actorCountry,
    role: row.role,
    roles: row.roles ? row.roles.split(',') : [],
    changedFields: row.changedFields ? row.changedFields.split(',') : [],
    action: row.action,
    entityType: row.entityType,
    entityIds: row.entityIds === '' ? [] : row.entityIds.split(','),
    purpose: row.purpose,
    legalBasis: row.legalBasis,
    servingCountry: row.servingCountry,
    crossBorder: row.crossBorder,
    resultCount: row.resultCount,
    outcome: row.outcome,
    reason: row.reason,
    traceId: row.traceId,
    queryHash: row.queryHash,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/**
 * Audit events, newest first (seq DESC), with keyset pagination on seq.
 *
 * `entityId` is matched through the `audit_event_entities` index (one row per event and distinct id,
 * indexed on (entity_id, audit_seq)) rather than with a LIKE over the comma-separated `entity_ids`: an
 * equality on an index finds "who accessed this case" in a handful of index pages however long the log
 * is, where `(',' || entity_ids || ',') LIKE '%,id,%'` must read every event (a leading wildcard cannot
 * use an index). Being an equality, it also needs no escaping of `%`/`_` and cannot match an id that
 * merely starts with the one asked for (`FI:Case:2025-000001` vs `FI:Case:2025-0000010`).
 */
export async function listAuditEvents(
  dataSource: DataSource,
  filter: AuditEventFilter,
): Promise<AuditEventPage> {
  const { first } = filter;
  if (!Number.isInteger(first) || first < 1 || first > MAX_AUDIT_PAGE) {
    throw contractError(
      ErrorCode.BAD_USER_INPUT,
      `first must be a whole number from 1 to ${MAX_AUDIT_PAGE}.`,
      {
        argument: 'first',
      },
    );
  }
  const qb = dataSource.getRepository(AuditEventRow).createQueryBuilder('e');
  if (filter.entityId !== undefined) {
    qb.innerJoin(AuditEventEntityRow, 'x', 'x.auditSeq = e.seq AND x.entityId = :entityId', {
      entityId: filter.entityId,
    });
  }
  if (filter.actorCountry !== undefined)
    qb.andWhere('e.actorCountry = :actorCountry', { actorCountry: filter.actorCountry });
  if (filter.crossBorder !== undefined)
    qb.andWhere('e.crossBorder = :crossBorder', { crossBorder: filter.crossBorder });
  if (filter.outcome !== undefined) qb.andWhere('e.outcome = :outcome', { outcome: filter.outcome });
  if (filter.from !== undefined) qb.andWhere('e.at >= :from', { from: timeBound('from', filter.from) });
  if (filter.to !== undefined) qb.andWhere('e.at < :to', { to: timeBound('to', filter.to) });
  if (filter.after !== undefined)
    qb.andWhere('e.seq < :afterSeq', { afterSeq: decodeCursor(filter, filter.after) });
  const rows = await qb
    .orderBy('e.seq', 'DESC')
    .limit(first + 1)
    .getMany();
  const hasNextPage = rows.length > first;
  const nodes = rows.slice(0, first).map(toRecord);
  const last = nodes[nodes.length - 1];
  return { nodes, endCursor: last ? encodeCursor(filter, last.seq) : null, hasNextPage };
}
