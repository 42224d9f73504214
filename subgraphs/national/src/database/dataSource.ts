import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions, type Logger } from 'typeorm';
import { nationalEntities } from './entities';
import { nationalMigrations } from './migrations';
import { SnakeCaseNamingStrategy } from '@nordic/subgraph-common';

export type DatabaseKind = 'sqlite' | 'postgres';

/** `sqlite:<path>` (embedded default) or `postgres://…` / `postgresql://…`. */
export function databaseKind(url: string): DatabaseKind {
  if (url.startsWith('sqlite:')) return 'sqlite';
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

export function createDataSource(settings: DataSourceSettings): DataSource {
  const common = {
    entities: nationalEntities,
    migrations: nationalMigrations,
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
      // WAL lets readers run while the seeder writes; NORMAL sync is safe with WAL.
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('cache_size = -65536');
      },
    } as DataSourceOptions;
  } else {
    options = { ...common, type: 'postgres', url: settings.url, extra: { max: 10 } } as DataSourceOptions;
  }
  return new DataSource(options);
}
