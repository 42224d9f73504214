import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions, type Logger, type MixedList } from 'typeorm';
import { SnakeCaseNamingStrategy } from './namingStrategy';
import { traceSqliteStatements } from './observability/sqliteSpans';

export type DatabaseKind = 'sqlite' | 'postgres';

/** `sqlite:<path>` (embedded default, `sqlite::memory:` for tests) or `postgres://…` / `postgresql://…`. */
export function databaseKind(url: string): DatabaseKind {
  if (url.startsWith('sqlite:') && url.length > 'sqlite:'.length) return 'sqlite';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgres';
  throw new Error(
    `database URL "${url}" is neither sqlite:<file> nor postgres://…; set --database or DATABASE_URL to one of those.`,
  );
}

export interface DataSourceSettings {
  url: string;
  /** Optional TypeORM logger (tests count queries with it). */
  logger?: Logger;
  /**
   * PostgreSQL only: the schema the service's tables live in (its `search_path`), when not the
   * database's default (a store adapter keeps the network's tables beside a legacy system's own).
   */
  schema?: string;
}

export interface StoreSchema {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
  /** SQLite page cache in KiB (a larger one for stores that aggregate over millions of rows). */
  sqliteCacheKiB?: number;
}

/**
 * A service's store, not yet initialised: SQLite (WAL) or PostgreSQL from one URL, snake_case columns,
 * schema from the migrations only (never `synchronize`).
 */
export function createStoreDataSource(settings: DataSourceSettings, schema: StoreSchema): DataSource {
  const common = {
    entities: schema.entities,
    migrations: schema.migrations,
    namingStrategy: new SnakeCaseNamingStrategy(),
    synchronize: false,
    logging: settings.logger ? (['query'] as const) : false,
    logger: settings.logger,
  };
  let options: DataSourceOptions;
  if (databaseKind(settings.url) === 'sqlite') {
    const file = settings.url.slice('sqlite:'.length);
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    options = {
      ...common,
      type: 'better-sqlite3',
      database: file,
      // WAL lets readers run while a writer (the seeder, the audit log) writes; NORMAL sync is safe with WAL.
      prepareDatabase: (
        db: { pragma(sql: string): unknown } & Parameters<typeof traceSqliteStatements>[0],
      ) => {
        traceSqliteStatements(db);
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        if (schema.sqliteCacheKiB) db.pragma(`cache_size = -${schema.sqliteCacheKiB}`);
      },
    } as DataSourceOptions;
  } else {
    const searchPath = settings.schema ? { options: `-c search_path=${settings.schema}` } : {};
    options = {
      ...common,
      type: 'postgres',
      url: settings.url,
      extra: { max: 10, ...searchPath },
    } as DataSourceOptions;
  }
  return new DataSource(options);
}
