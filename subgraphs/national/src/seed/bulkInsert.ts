import type { DataSource, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';

/** Rows per INSERT statement: well under SQLite's and PostgreSQL's bound-parameter limits for our widest table. */
const ROWS_PER_STATEMENT = 400;

/**
 * Buffers entity-shaped rows and writes them as multi-row INSERTs through the given query runner
 * (inside the caller's transaction). Values go through the driver's own conversion (booleans for SQLite).
 */
export class BulkInserter<T extends ObjectLiteral> {
  private readonly buffer: unknown[][] = [];
  private readonly columns;
  private readonly table: string;
  private readonly postgres: boolean;
  written = 0;

  constructor(
    dataSource: DataSource,
    private readonly runner: QueryRunner,
    target: EntityTarget<T>,
    options: { explicitKeys: boolean },
  ) {
    const metadata = dataSource.getMetadata(target);
    this.table = metadata.tableName;
    // Generated keys are left to the database unless the caller assigns them (to reference them at once).
    this.columns = metadata.columns.filter((c) => options.explicitKeys || !c.isGenerated);
    this.postgres = dataSource.options.type === 'postgres';
    this.driver = dataSource.driver;
  }

  private readonly driver: DataSource['driver'];

  async add(row: Partial<T>): Promise<void> {
    this.buffer.push(
      this.columns.map((column) =>
        this.driver.preparePersistentValue(
          (row as Record<string, unknown>)[column.propertyName] ?? null,
          column,
        ),
      ),
    );
    if (this.buffer.length >= ROWS_PER_STATEMENT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const rows = this.buffer.splice(0, this.buffer.length);
    const width = this.columns.length;
    let n = 0;
    const placeholders = rows
      .map(() => `(${Array.from({ length: width }, () => (this.postgres ? `$${++n}` : '?')).join(', ')})`)
      .join(', ');
    const names = this.columns.map((c) => `"${c.databaseName}"`).join(', ');
    await this.runner.query(`INSERT INTO "${this.table}" (${names}) VALUES ${placeholders}`, rows.flat());
    this.written += rows.length;
  }
}
