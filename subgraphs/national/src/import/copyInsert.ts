import { once } from 'node:events';
import type { Database } from 'better-sqlite3';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/** Rows buffered before one COPY: large enough to amortise the round trip, small enough to keep memory flat. */
const ROWS_PER_COPY = 5000;

type Writer = (row: Record<string, unknown>) => unknown;

/** Something rows are added to and flushed from, inside the caller's transaction. */
export interface RowSink<T> {
  add(row: Partial<T>): Promise<void>;
  /**
   * Adds a row without a promise per row (the importer adds hundreds of thousands): written at once on
   * SQLite, buffered until `flush` for COPY on PostgreSQL (so up to one batch's rows are held).
   */
  push(row: Partial<T>): void;
  flush(): Promise<void>;
  readonly written: number;
}

type ColumnMetadata = ReturnType<DataSource['getMetadata']>['columns'][number];

/** Column types whose values are written as they are (after booleans are made 1/0 on SQLite). */
const PLAIN_TYPES = new Set<unknown>(['varchar', 'character varying', 'text', 'integer', 'int', 'bigint']);

/**
 * How each column's value is read off an entity-shaped row and made ready for the store: what TypeORM's
 * `preparePersistentValue` does, decided once per column instead of once per value (the importer writes
 * millions of values). Columns with a transformer or a type other than plain text, integers and
 * booleans go through TypeORM as before.
 */
export function columnWriters(
  dataSource: DataSource,
  columns: readonly ColumnMetadata[],
): ((row: Record<string, unknown>) => unknown)[] {
  const sqlite = dataSource.options.type !== 'postgres';
  const driver = dataSource.driver;
  return columns.map((column) => {
    const name = column.propertyName;
    if (!column.transformer && PLAIN_TYPES.has(column.type)) return (row) => row[name] ?? null;
    if (!column.transformer && (column.type === 'boolean' || column.type === Boolean))
      return sqlite
        ? (row) => {
            const value = row[name];
            return value === null || value === undefined ? null : value === true ? 1 : 0;
          }
        : (row) => row[name] ?? null;
    return (row) => {
      const value = driver.preparePersistentValue(row[name] ?? null, column) as unknown;
      return sqlite && typeof value === 'boolean' ? Number(value) : value;
    };
  });
}

/** COPY text format: backslash escapes for the four characters that delimit, `\N` for null. */
function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  return String(value).replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/**
 * Buffers entity-shaped rows and writes them with PostgreSQL's COPY FROM STDIN on the query runner's own
 * connection (so inside its transaction): an order of magnitude fewer bytes and parse work than INSERTs.
 */
export class CopyInserter<T extends ObjectLiteral> implements RowSink<T> {
  private buffer: string[] = [];
  private readonly columns;
  private readonly writers;
  private readonly table: string;
  written = 0;

  constructor(
    dataSource: DataSource,
    private readonly client: PoolClient,
    target: EntityTarget<T>,
    options: { explicitKeys: boolean },
  ) {
    const metadata = dataSource.getMetadata(target);
    this.table = metadata.tableName;
    this.columns = metadata.columns.filter((c) => options.explicitKeys || !c.isGenerated);
    this.writers = columnWriters(dataSource, this.columns);
  }

  push(row: Partial<T>): void {
    let line = '';
    for (let i = 0; i < this.writers.length; i += 1)
      line += (i > 0 ? '\t' : '') + copyText((this.writers[i] as Writer)(row as Record<string, unknown>));
    this.buffer.push(line);
  }

  async add(row: Partial<T>): Promise<void> {
    this.push(row);
    if (this.buffer.length >= ROWS_PER_COPY) await this.flush();
  }

  async flush(): Promise<void> {
    const names = this.columns.map((c) => `"${c.databaseName}"`).join(', ');
    while (this.buffer.length > 0) {
      const rows = this.buffer.splice(0, ROWS_PER_COPY);
      const stream = this.client.query(copyFrom(`COPY "${this.table}" (${names}) FROM STDIN`));
      const finished = once(stream, 'finish');
      stream.end(`${rows.join('\n')}\n`);
      await finished;
      this.written += rows.length;
    }
  }
}

/**
 * One prepared INSERT, run per row on better-sqlite3's connection (the one the runner's transaction is
 * open on): SQLite runs in-process, so a reused statement beats building multi-row statements.
 */
export class SqliteInserter<T extends ObjectLiteral> implements RowSink<T> {
  private readonly writers;
  private readonly statement;
  written = 0;

  constructor(dataSource: DataSource, target: EntityTarget<T>, options: { explicitKeys: boolean }) {
    const metadata = dataSource.getMetadata(target);
    const columns = metadata.columns.filter((c) => options.explicitKeys || !c.isGenerated);
    this.writers = columnWriters(dataSource, columns);
    const database = (dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
    const names = columns.map((c) => `"${c.databaseName}"`).join(', ');
    this.statement = database.prepare(
      `INSERT INTO "${metadata.tableName}" (${names}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
  }

  add(row: Partial<T>): Promise<void> {
    this.push(row);
    return Promise.resolve();
  }

  push(row: Partial<T>): void {
    const values = new Array<unknown>(this.writers.length);
    for (let i = 0; i < values.length; i += 1)
      values[i] = (this.writers[i] as Writer)(row as Record<string, unknown>);
    this.statement.run(values);
    this.written += 1;
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }
}

/** COPY on PostgreSQL, prepared INSERTs on SQLite; `client` is what `await runner.connect()` returned. */
export function rowSink<T extends ObjectLiteral>(
  dataSource: DataSource,
  client: unknown,
  target: EntityTarget<T>,
  options: { explicitKeys: boolean },
): RowSink<T> {
  return dataSource.options.type === 'postgres'
    ? new CopyInserter(dataSource, client as PoolClient, target, options)
    : new SqliteInserter(dataSource, target, options);
}
