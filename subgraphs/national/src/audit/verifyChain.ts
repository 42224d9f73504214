import { type DataSource, MoreThan } from 'typeorm';
import { AuditEventEntityRow, AuditEventRow } from './auditEvent.entity';
import { GENESIS_HASH, auditEventHash, auditHashedColumns } from './auditLog';

export type AuditChainVerification =
  | {
      ok: true;
      /** Events checked. */
      rows: number;
      /** Hash of the last event (the genesis hash for an empty chain): what a checkpoint anchors. */
      lastHash: string;
      /** The stored hash at each seq asked for in `options.heads` that exists (to compare with checkpoints). */
      heads?: Map<number, string>;
    }
  | {
      ok: false;
      /** Events found intact before the first broken one. */
      rows: number;
      firstBrokenSeq: number;
      reason: string;
    };

export interface VerifyOptions {
  /** Events read per query (default 5,000): memory stays flat whatever the length of the chain. */
  batchSize?: number;
  /** Seqs whose hash to return (those of the checkpoints the chain is compared with). */
  heads?: readonly number[];
}

/**
 * Re-walks the whole chain in seq order and stops at the first event that does not hold:
 * - a gap in seq (expected N, found N + k): events were deleted — reported at the event after the gap;
 * - `prevHash` not equal to the previous event's hash: an event before it was deleted, inserted, replaced
 *   or re-ordered;
 * - the hash recomputed from the stored fields with the chain key not equal to the stored hash: the event
 *   was edited, or the chain from there on was recomputed by someone without the key;
 * - the entity index (`audit_event_entities`) not matching the event's hashed `entityIds`: an index row
 *   was removed or added (which would hide or invent an access in "who accessed this case").
 * Reads without a transaction, in keyset batches; events appended while it runs are simply checked too
 * (or not, if they commit after the last batch was read).
 */
export async function verifyAuditChain(
  dataSource: DataSource,
  key: Buffer,
  options: VerifyOptions = {},
): Promise<AuditChainVerification> {
  const columns = auditHashedColumns(dataSource);
  const wanted = new Set(options.heads ?? []);
  const heads = new Map<number, string>();
  const batchSize = options.batchSize ?? 5000;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError('batchSize must be a positive integer');
  const events = dataSource.getRepository(AuditEventRow);
  const entities = dataSource.getRepository(AuditEventEntityRow);

  let rows = 0;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let lastSeq: number | null = null;
  const broken = (firstBrokenSeq: number, reason: string): AuditChainVerification => ({
    ok: false,
    rows,
    firstBrokenSeq,
    reason,
  });

  for (;;) {
    const batch = await events.find({
      where: lastSeq === null ? {} : { seq: MoreThan(lastSeq) },
      order: { seq: 'ASC' },
      take: batchSize,
    });
    if (batch.length === 0) break;
    const batchLast = (batch[batch.length - 1] as AuditEventRow).seq;

    // The index rows of this batch's seq range (from the start of the chain for the first batch).
    const indexQuery = entities.createQueryBuilder('x').where('x.auditSeq <= :hi', { hi: batchLast });
    if (lastSeq !== null) indexQuery.andWhere('x.auditSeq > :lo', { lo: lastSeq });
    const index = new Map<number, Set<string>>();
    for (const { auditSeq, entityId } of await indexQuery.getMany()) {
      let ids = index.get(auditSeq);
      if (!ids) index.set(auditSeq, (ids = new Set()));
      ids.add(entityId);
    }

    for (const row of batch) {
      if (row.seq !== expectedSeq) {
        return broken(
          row.seq,
          row.seq > expectedSeq
            ? `${row.seq - expectedSeq === 1 ? `event seq ${expectedSeq} is` : `events seq ${expectedSeq}–${row.seq - 1} are`} missing before it`
            : `unexpected seq ${row.seq} before seq ${expectedSeq}`,
        );
      }
      if (row.prevHash !== prevHash) {
        return broken(
          row.seq,
          `prevHash does not match the hash of ${row.seq === 1 ? 'the genesis' : `event seq ${row.seq - 1}`}: an event was deleted, inserted, replaced or re-ordered`,
        );
      }
      const { prevHash: _p, hash: _h, ...fields } = row;
      if (auditEventHash(key, prevHash, fields, columns) !== row.hash) {
        return broken(
          row.seq,
          "hash mismatch: the stored event was changed after it was written, or its hash was not made with this country's chain key",
        );
      }
      if (wanted.has(row.seq)) heads.set(row.seq, row.hash);
      const expectedIds = new Set(row.entityIds === '' ? [] : row.entityIds.split(','));
      const indexed = index.get(row.seq) ?? new Set<string>();
      index.delete(row.seq);
      if (indexed.size !== expectedIds.size || [...expectedIds].some((id) => !indexed.has(id))) {
        return broken(row.seq, "entity index (audit_event_entities) does not match the event's entityIds");
      }
      prevHash = row.hash;
      expectedSeq += 1;
      rows += 1;
    }
    // Index rows in this range left over belong to no event (only possible below seq 1 once seq is contiguous).
    const stray = [...index.keys()].sort((a, b) => a - b)[0];
    if (stray !== undefined) {
      return broken(stray, `entity index rows refer to event seq ${stray}, which does not exist`);
    }
    lastSeq = batchLast;
    if (batch.length < batchSize) break;
  }

  // Index rows past the end of the chain whose event does not exist (an event committed after the last
  // batch was read comes with its index rows in the same transaction, so it is not reported).
  const orphanQuery = entities
    .createQueryBuilder('x')
    .select('MIN(x.auditSeq)', 'seq')
    .where('NOT EXISTS (SELECT 1 FROM "audit_events" "e" WHERE "e"."seq" = x.auditSeq)');
  if (lastSeq !== null) orphanQuery.andWhere('x.auditSeq > :last', { last: lastSeq });
  const orphan = await orphanQuery.getRawOne<{ seq: number | string | null }>();
  if (orphan?.seq !== null && orphan?.seq !== undefined) {
    const seq = Number(orphan.seq);
    return broken(seq, `entity index rows refer to event seq ${seq}, which does not exist`);
  }
  return { ok: true, rows, lastHash: prevHash, ...(options.heads ? { heads } : {}) };
}
