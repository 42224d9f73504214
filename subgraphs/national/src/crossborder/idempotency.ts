import { createHash } from 'node:crypto';
import { ErrorCode, type Idempotency, contractError } from '@nordic/schema';
import { type DataSource, type EntityManager, Like } from 'typeorm';
import type { CaseRow } from '../cases/case.entity';
import type { CaseLinkRow } from '../links/caseLink.entity';
import type { ReferralRow } from '../referrals/referral.entity';
import { IdempotencyKeyRow } from './idempotencyKey.entity';

/** The scope of a cross-border step taken once per foreign record, whoever asks. */
export function oncePer(recordId: string): Idempotency {
  return { subject: '*', key: recordId };
}

export function requestHashOf(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}

/**
 * The result id of an earlier write with this key, or null. The same key with another request is
 * refused: a client must not reuse a key for a different action.
 */
export async function priorResult(
  db: DataSource | EntityManager,
  operation: string,
  idempotency: Idempotency,
  requestHash: string,
): Promise<string | null> {
  const row = await db.getRepository(IdempotencyKeyRow).findOne({
    where: { subject: idempotency.subject, operation, idempotencyKey: idempotency.key },
  });
  if (!row) return null;
  if (row.requestHash !== requestHash) {
    throw contractError(
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      `The idempotency key ${idempotency.key} was used for a different ${operation} request; use a new key for a new action (and the same key only to retry the same one).`,
      { argument: 'idempotencyKey' },
    );
  }
  return row.resultId;
}

/** Records a write's result in the write's own transaction. */
export async function recordResult(
  manager: EntityManager,
  operation: string,
  idempotency: Idempotency,
  requestHash: string,
  resultId: string,
): Promise<void> {
  await manager.getRepository(IdempotencyKeyRow).insert({
    subject: idempotency.subject,
    operation,
    idempotencyKey: idempotency.key,
    requestHash,
    resultId,
    createdAt: new Date().toISOString(),
  });
}

/** The advisory-lock namespace of local id numbering (two-key form: apart from the audit chain's key). */
const LOCAL_ID_LOCK = 'nordic-local-id';

/**
 * On PostgreSQL, holds the numbering of the ids starting `idPrefix` (e.g. "FI:Case:2026-") until the
 * transaction ends, so two transactions never read the same highest id and number on from it: without
 * it, cases registered at the same moment (or during an import) took the same id and all but one failed
 * on the unique index. SQLite's write transactions are serial already (runWriteTransaction).
 */
export async function lockLocalIds(
  db: { query(sql: string, parameters?: unknown[]): Promise<unknown> },
  postgres: boolean,
  idPrefix: string,
): Promise<void> {
  if (postgres)
    await db.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [LOCAL_ID_LOCK, idPrefix]);
}

/**
 * The next local id of a record type for a year, e.g. "2026-000004" after "2026-000003", read inside
 * the write transaction under the numbering's lock (`lockLocalIds`), so concurrent writes number on from
 * each other.
 */
export async function nextLocalId(
  manager: EntityManager,
  entity: typeof CaseRow | typeof ReferralRow | typeof CaseLinkRow,
  prefix: string,
  year: number,
): Promise<string> {
  await lockLocalIds(manager, manager.connection.options.type === 'postgres', `${prefix}${year}-`);
  const last = await manager.getRepository<{ id: string }>(entity).findOne({
    select: { id: true },
    where: { id: Like(`${prefix}${year}-%`) },
    order: { id: 'DESC' },
  });
  const n = last ? Number(last.id.slice(last.id.lastIndexOf('-') + 1)) + 1 : 1;
  return `${year}-${String(n).padStart(6, '0')}`;
}
