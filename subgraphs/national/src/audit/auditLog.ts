/**
 * The append-only, hash-chained audit log of one country (DOMAIN §4.5; docs/security/audit-log.md).
 *
 * Each event stores `prevHash` (the hash of the event before it; 64 zeros for the first) and
 * `hash = HMAC-SHA-256(chain key, prevHash || canonical JSON of its columns)`, so changing, deleting,
 * inserting or re-ordering any stored event breaks the chain at that point (`verifyAuditChain`). The
 * chain key is a secret of the national service, not of its database: someone who can write the
 * database but does not hold the key cannot recompute a consistent chain after a change. Cutting the
 * tail leaves a consistent shorter chain; that is caught by the signed checkpoints of the head that the
 * service publishes outside its database (`checkpointPublisher.ts`).
 */
import { createHmac } from 'node:crypto';
import {
  AccessOutcome,
  AuditAction,
  LegalBasis,
  Purpose,
  Role,
  formatGlobalId,
  isCountryCode,
  isNordicCountry,
} from '@nordic/schema';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditEventEntityRow, AuditEventRow } from './auditEvent.entity';

/** `prevHash` of the first event of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Key of the PostgreSQL transaction-scoped advisory lock that serialises appends to the chain
 * (any constant works as long as nothing else in the database uses it; this one is the ASCII bytes
 * of "AUDITLOG" read as a bigint).
 */
export const AUDIT_CHAIN_LOCK_KEY = '4707744067223310151';

/** One access to record. `at` defaults to now; everything else is the caller's account of the access. */
export interface AuditEventInput {
  /** ISO 8601 UTC with milliseconds (`Date.prototype.toISOString()`); default: now. */
  at?: string;
  /** Pseudonymous subject of the actor (never a name or a national id number). */
  actorId: string;
  /** Global id of the actor's organisation. */
  actorOrg: string;
  /** ISO 3166-1 alpha-2 code of the actor's country. */
  actorCountry: string;
  /** The role that granted the access (for a denial: the caller's first role). */
  role: Role;
  /** Every role of the caller (stored, not hashed); default: `[role]`. */
  roles?: readonly Role[];
  /** For a WRITE: the names of the fields it changed (never values); field paths such as `identity.familyName`. */
  changedFields?: readonly string[] | null;
  action: AuditAction;
  /** GraphQL type of the records accessed (`Case`, `Referral`, `StatisticRow`, …). */
  entityType: string;
  /** Global ids of the records accessed or asked for (none for an aggregate); no id may contain a comma. */
  entityIds: readonly string[];
  /** Null only for a denial of a request that named no purpose. */
  purpose: Purpose | null;
  legalBasis: LegalBasis | null;
  /** The country whose service answered (this store's country). */
  servingCountry: string;
  crossBorder: boolean;
  resultCount: number;
  outcome: AccessOutcome;
  /** Short machine reason, e.g. the error code of a denial. */
  reason?: string | null;
  traceId: string;
  queryHash: string;
}

/** The fields of an event that its hash covers (everything but `prevHash`, which prefixes it, and `hash`). */
export type AuditHashedFields = Omit<AuditEventRow, 'prevHash' | 'hash'>;

/** Columns of the row that are not hashed as fields: the chain link itself. */
const CHAIN_COLUMNS = new Set(['prevHash', 'hash']);

/**
 * The properties an event's hash covers: every column of the `audit_events` entity but `prevHash` and
 * `hash`, from the entity's metadata — a column added to AuditEventRow is covered without a change here.
 */
export function auditHashedColumns(dataSource: DataSource): string[] {
  return dataSource
    .getMetadata(AuditEventRow)
    .columns.map((c) => c.propertyName)
    .filter((name) => !CHAIN_COLUMNS.has(name))
    .sort();
}

/**
 * Canonical JSON of an event: `JSON.stringify` of an object holding the given columns in sorted order
 * (JavaScript's default string sort of the property names), each with its value — a string, a finite
 * number or a boolean; a column whose value is null (or absent) is left out, so a nullable column added
 * later leaves the hashes of the events written before it unchanged. Any other value is refused.
 */
export function canonicalAuditJson(e: Record<string, unknown>, columns: readonly string[]): string {
  const canonical: Record<string, string | number | boolean> = {};
  for (const column of [...columns].sort()) {
    const value = e[column];
    if (value === null || value === undefined) continue;
    if (
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value))
    )
      canonical[column] = value;
    else throw new TypeError(`audit column ${column} holds a ${typeof value}, which has no canonical form`);
  }
  return JSON.stringify(canonical);
}

/** HMAC-SHA-256 (hex), keyed with the chain key, of `prevHash` followed by the canonical JSON of the event. */
export function auditEventHash(
  key: Buffer,
  prevHash: string,
  e: Record<string, unknown>,
  columns: readonly string[],
): string {
  return createHmac('sha256', key).update(prevHash).update(canonicalAuditJson(e, columns)).digest('hex');
}

const chainKeys = new WeakMap<DataSource, Buffer>();

/**
 * Sets the chain key the events appended through this data source are hashed with (the service does it
 * at start, from AUDIT_CHAIN_KEY_FILE). Without one, `appendAuditEvents` refuses to write.
 */
export function useAuditChainKey(dataSource: DataSource, key: Buffer): void {
  if (key.length < 32) throw new RangeError('the audit chain key must hold at least 32 bytes');
  chainKeys.set(dataSource, key);
}

/** Global id of the event with this seq: `FI:AuditEvent:0000000042`. */
export function auditEventId(servingCountry: string, seq: number): string {
  if (!isNordicCountry(servingCountry))
    throw new Error(`servingCountry "${servingCountry}" is not a Nordic country`);
  return formatGlobalId(servingCountry, 'AuditEvent', String(seq).padStart(10, '0'));
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MAX_INT = 2_147_483_647;
/** Rows per INSERT: well under SQLite's 32,766 and PostgreSQL's 65,535 bind parameters. */
const INSERT_CHUNK = 500;

type Prepared = Omit<AuditHashedFields, 'seq' | 'id'> & { distinctEntityIds: string[] };

/** Field names only: a name is letters, digits and `.[]_`, so no value can be smuggled in as one. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_.[\]]{0,79}$/;

function changedFieldsOf(
  fields: readonly string[] | null | undefined,
  fail: (field: string, why: string) => never,
): string | null {
  if (fields === null || fields === undefined) return null;
  for (const name of fields)
    if (typeof name !== 'string' || !FIELD_NAME.test(name))
      fail('changedFields[]', `must be field names (got ${JSON.stringify(name).slice(0, 40)})`);
  return fields.join(',');
}

function prepare(event: AuditEventInput, index: number): Prepared {
  const fail = (field: string, why: string): never => {
    throw new TypeError(`audit event #${index}: ${field} ${why}`);
  };
  const text = (field: string, value: unknown, max: number, optional = false): string | null => {
    if (optional && (value === null || value === undefined)) return null;
    if (typeof value !== 'string' || value.length === 0) return fail(field, 'must be a non-empty string');
    if (value.length > max) return fail(field, `must be at most ${max} characters`);
    return value;
  };
  const code = (field: string, list: object, value: unknown, optional = false): string | null => {
    if (optional && value === null) return null;
    if (typeof value !== 'string' || !Object.prototype.hasOwnProperty.call(list, value))
      return fail(field, `must be one of ${Object.keys(list).join(', ')} (got ${JSON.stringify(value)})`);
    return value;
  };

  const at = event.at ?? new Date().toISOString();
  if (!ISO_UTC.test(at) || Number.isNaN(Date.parse(at)) || new Date(at).toISOString() !== at)
    fail('at', `must be an ISO 8601 UTC time like 2025-03-01T12:00:00.000Z (got ${JSON.stringify(at)})`);
  if (!isCountryCode(event.actorCountry)) fail('actorCountry', 'must be an ISO 3166-1 alpha-2 code');
  if (!isNordicCountry(event.servingCountry)) fail('servingCountry', 'must be a Nordic country code');
  if (typeof event.crossBorder !== 'boolean') fail('crossBorder', 'must be a boolean');
  if (!Number.isInteger(event.resultCount) || event.resultCount < 0 || event.resultCount > MAX_INT)
    fail('resultCount', 'must be a non-negative 32-bit integer');
  if (!Array.isArray(event.entityIds)) fail('entityIds', 'must be an array of ids');
  for (const id of event.entityIds) {
    text('entityIds[]', id, 128);
    if (id.includes(',')) fail('entityIds[]', `must not contain a comma (got ${JSON.stringify(id)})`);
  }
  return {
    at,
    actorId: text('actorId', event.actorId, 128) as string,
    actorOrg: text('actorOrg', event.actorOrg, 96) as string,
    actorCountry: event.actorCountry,
    role: code('role', Role, event.role) as string,
    roles: (event.roles ?? [event.role]).map((r) => code('roles[]', Role, r) as string).join(','),
    action: code('action', AuditAction, event.action) as string,
    changedFields: changedFieldsOf(event.changedFields, fail),
    entityType: text('entityType', event.entityType, 32) as string,
    entityIds: event.entityIds.join(','),
    purpose: code('purpose', Purpose, event.purpose, true),
    legalBasis: code('legalBasis', LegalBasis, event.legalBasis, true),
    servingCountry: event.servingCountry,
    crossBorder: event.crossBorder,
    resultCount: event.resultCount,
    outcome: code('outcome', AccessOutcome, event.outcome) as string,
    reason: text('reason', event.reason, 120, true),
    traceId: text('traceId', event.traceId, 64) as string,
    queryHash: text('queryHash', event.queryHash, 64) as string,
    distinctEntityIds: [...new Set(event.entityIds)],
  };
}

/** In-process mutex per SQLite data source (see the comment in appendAuditEvents). */
const sqliteAppendLocks = new WeakMap<DataSource, Promise<unknown>>();

function withSqliteAppendLock<T>(dataSource: DataSource, section: () => Promise<T>): Promise<T> {
  const previous = sqliteAppendLocks.get(dataSource) ?? Promise.resolve();
  const run = previous.then(section);
  sqliteAppendLocks.set(
    dataSource,
    run.catch(() => undefined),
  );
  return run;
}

/**
 * Appends events, in the given order, to the chain inside the caller's transaction: they commit or
 * roll back with the access they record. `manager` must be a transaction's manager (from
 * `runWriteTransaction`, `dataSource.transaction` on PostgreSQL, or a query runner with an active
 * transaction); anything else is refused, because outside a transaction the head could move between
 * reading it and inserting.
 *
 * Concurrency — the chain must never fork (two events claiming the same predecessor):
 * - PostgreSQL: `pg_advisory_xact_lock(AUDIT_CHAIN_LOCK_KEY)` before reading the head. Appenders queue on
 *   it, across connections and processes, and it is released only when the appending transaction commits
 *   or rolls back — so under READ COMMITTED (the default) the next appender reads the head the previous
 *   one committed. The lock is held until the end of the caller's transaction: append audit events as the
 *   last statement of a transaction. A SELECT … FOR UPDATE of the head row would not do: there is no row
 *   to lock in an empty chain, and a row lock does not make the waiter see rows inserted after it.
 * - SQLite: the database has one writer at a time (a second process that read an older head fails with
 *   SQLITE_BUSY instead of writing), but inside one process TypeORM 1.1 does NOT run one transaction at
 *   a time on its single shared connection (see runWriteTransaction: concurrent transactions interleave
 *   on it). Callers must run write transactions through `runWriteTransaction`; in addition the
 *   read-head-then-insert section is made atomic here with an in-process mutex per data source, so
 *   two appends never read the same head even if a caller interleaves transactions.
 * - On both, `seq` (= head seq + 1) is the primary key: should the above ever be bypassed (e.g. a
 *   REPEATABLE READ transaction whose snapshot predates the lock), the second insert of seq N fails with
 *   a unique violation instead of forking the chain.
 */
export async function appendAuditEvents(
  manager: EntityManager,
  events: readonly AuditEventInput[],
): Promise<void> {
  if (events.length === 0) return;
  const prepared = events.map(prepare);
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error(
      'appendAuditEvents must run inside a transaction: pass the manager of runWriteTransaction(dataSource, (manager) => …)',
    );
  }
  const key = chainKeys.get(manager.dataSource);
  if (!key) {
    throw new Error(
      'no audit chain key is set for this store: call useAuditChainKey(dataSource, key) at start (AUDIT_CHAIN_KEY_FILE)',
    );
  }
  if (manager.dataSource.options.type === 'postgres') {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK_KEY]);
    await appendAtHead(manager, key, prepared);
  } else {
    await withSqliteAppendLock(manager.dataSource, () => appendAtHead(manager, key, prepared));
  }
}

async function appendAtHead(manager: EntityManager, key: Buffer, prepared: Prepared[]): Promise<void> {
  const columns = auditHashedColumns(manager.dataSource);
  const [head] = await manager.find(AuditEventRow, {
    select: { seq: true, hash: true },
    order: { seq: 'DESC' },
    take: 1,
  });
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const rows: AuditEventRow[] = [];
  const index: AuditEventEntityRow[] = [];
  for (const { distinctEntityIds, ...fields } of prepared) {
    seq += 1;
    const hashed: AuditHashedFields = { seq, id: auditEventId(fields.servingCountry, seq), ...fields };
    const hash = auditEventHash(key, prevHash, hashed, columns);
    rows.push({ ...hashed, prevHash, hash });
    for (const entityId of distinctEntityIds) index.push({ auditSeq: seq, entityId });
    prevHash = hash;
  }
  for (let i = 0; i < rows.length; i += INSERT_CHUNK)
    await manager.insert(AuditEventRow, rows.slice(i, i + INSERT_CHUNK));
  for (let i = 0; i < index.length; i += INSERT_CHUNK * 10)
    await manager.insert(AuditEventEntityRow, index.slice(i, i + INSERT_CHUNK * 10));
}
