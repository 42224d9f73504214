import type { DataSource } from 'typeorm';
import { type AuditCheckpoint, CheckpointRefusal } from './checkpoint';

/**
 * The table of checkpoints a receiver (the network registry, or a national service as witness) holds,
 * one row per country and seq. Plain SQL, the same on SQLite and PostgreSQL; created by each store's
 * migration from this statement.
 */
export const CREATE_AUDIT_CHECKPOINTS_TABLE =
  'CREATE TABLE "audit_checkpoints" ("country" varchar(2) NOT NULL, "seq" integer NOT NULL, "head" varchar(64) NOT NULL, "at" varchar(24) NOT NULL, "checkpoint" text NOT NULL, "cosignature" text, "received_at" varchar(24) NOT NULL, CONSTRAINT "PK_audit_checkpoints" PRIMARY KEY ("country", "seq"))';
export const DROP_AUDIT_CHECKPOINTS_TABLE = 'DROP TABLE "audit_checkpoints"';

/** A checkpoint as a receiver holds it: the verified fields, the signed JWS, and the witness's countersignature. */
export interface StoredCheckpoint extends AuditCheckpoint {
  checkpoint: string;
  cosignature: string | null;
}

/** `$1, $2` placeholders on PostgreSQL, `?` on SQLite. */
function sql(dataSource: DataSource, statement: string): string {
  return dataSource.options.type === 'postgres' ? statement : statement.replace(/\$\d+/g, '?');
}

interface Row {
  country: string;
  seq: number | string;
  head: string;
  at: string;
  checkpoint: string;
  cosignature: string | null;
}

const toStored = (r: Row): StoredCheckpoint => ({ ...r, seq: Number(r.seq) });

/**
 * Keeps a verified checkpoint, unless it contradicts what is held for its country (throws
 * AUDIT_CHECKPOINT_CONFLICT): a seq below the highest seq seen means the log was cut short; another
 * head at a seq seen means the log was rewritten. The same head at the same seq again is the log not
 * having grown: the newer statement replaces the older one (its time is the later proof of life).
 */
export async function recordCheckpoint(
  dataSource: DataSource,
  checkpoint: AuditCheckpoint,
  jws: string,
  cosignature: string | null,
): Promise<void> {
  const q = (statement: string, params: unknown[]) => dataSource.query(sql(dataSource, statement), params);
  const { country, seq, head, at } = checkpoint;
  const [same] = (await q(
    'SELECT "head", "at" FROM "audit_checkpoints" WHERE "country" = $1 AND "seq" = $2',
    [country, seq],
  )) as Row[];
  if (same) {
    if (same.head !== head)
      throw new CheckpointRefusal(
        'AUDIT_CHECKPOINT_CONFLICT',
        `${country}'s audit log had another head at seq ${seq} (checkpoint of ${same.at}): the log was rewritten`,
      );
    if (at > same.at)
      await q(
        'UPDATE "audit_checkpoints" SET "at" = $1, "checkpoint" = $2, "cosignature" = $3, "received_at" = $4 WHERE "country" = $5 AND "seq" = $6',
        [at, jws, cosignature, new Date().toISOString(), country, seq],
      );
    return;
  }
  const [highest] = (await q(
    'SELECT "seq", "at" FROM "audit_checkpoints" WHERE "country" = $1 ORDER BY "seq" DESC LIMIT 1',
    [country],
  )) as Row[];
  if (highest && Number(highest.seq) > seq)
    throw new CheckpointRefusal(
      'AUDIT_CHECKPOINT_CONFLICT',
      `${country}'s audit log reached seq ${Number(highest.seq)} (checkpoint of ${highest.at}); a head at seq ${seq} means the log was cut short`,
    );
  await q(
    'INSERT INTO "audit_checkpoints" ("country", "seq", "head", "at", "checkpoint", "cosignature", "received_at") VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [country, seq, head, at, jws, cosignature, new Date().toISOString()],
  );
}

/** Every checkpoint held for a country, by seq. */
export async function listCheckpoints(dataSource: DataSource, country: string): Promise<StoredCheckpoint[]> {
  const rows = (await dataSource.query(
    sql(
      dataSource,
      'SELECT "country", "seq", "head", "at", "checkpoint", "cosignature" FROM "audit_checkpoints" WHERE "country" = $1 ORDER BY "seq"',
    ),
    [country],
  )) as Row[];
  return rows.map(toStored);
}
