import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions, type Logger, type LoggerOptions } from 'typeorm';
import { networkEntities } from './entities';
import { networkMigrations } from './migrations';
import { SnakeCaseNamingStrategy } from '@nordic/subgraph-common';

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
}

/** The registry's store, not yet initialised; its schema comes from the migrations (never `synchronize`). */
export function createNetworkDataSource(settings: DataSourceSettings): DataSource {
  const logging: LoggerOptions = settings.logger ? ['query'] : false;
  const common = {
    entities: networkEntities,
    migrations: networkMigrations,
    namingStrategy: new SnakeCaseNamingStrategy(),
    synchronize: false,
    logging,
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
      // WAL lets readers run while the seeder writes; NORMAL sync is safe with WAL.
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
      },
    };
  } else {
    options = { ...common, type: 'postgres', url: settings.url, extra: { max: 10 } };
  }
  return new DataSource(options);
}
