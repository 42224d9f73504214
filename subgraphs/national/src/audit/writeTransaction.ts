import type { DataSource, EntityManager } from 'typeorm';

const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Runs `work` in a real database transaction, one at a time per data source on SQLite.
 *
 * Why: TypeORM 1.1 gives a better-sqlite3 data source ONE shared connection and query runner, and does
 * not queue transactions on it. Two concurrent `dataSource.transaction()` calls either fail ("cannot
 * start a transaction within a transaction", and the failing one's ROLLBACK then undoes the other's
 * work) or, when the second starts a moment later, become a SAVEPOINT inside the first — so the first
 * one's commit only releases the savepoint and a later rollback of the second silently undoes work the
 * first already reported as committed. Both were reproduced against typeorm 1.1.1. Every write
 * transaction of a SQLite store (and so every transaction that appends audit events) must therefore be
 * serialised in the process; this does it with a promise queue per data source.
 *
 * On PostgreSQL each transaction gets its own pooled connection, so this is `dataSource.transaction`.
 *
 * Inside `work`, use the manager it receives (a nested `manager.transaction()` is a savepoint); calling
 * `runWriteTransaction` again from inside `work` on SQLite would wait for itself forever.
 */
export function runWriteTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (dataSource.options.type === 'postgres') return dataSource.transaction(work);
  const previous = sqliteQueues.get(dataSource) ?? Promise.resolve();
  const run = previous.then(() => dataSource.transaction(work));
  sqliteQueues.set(
    dataSource,
    run.catch(() => undefined),
  );
  return run;
}
