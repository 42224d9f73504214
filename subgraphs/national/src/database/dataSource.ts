import { type DataSourceSettings, createStoreDataSource } from '@nordic/subgraph-common';
import type { DataSource } from 'typeorm';
import { nationalEntities } from './entities';
import { nationalMigrations } from './migrations';

export { type DataSourceSettings, type DatabaseKind, databaseKind } from '@nordic/subgraph-common';

/** A country's store; statistics scan large indexes, so SQLite gets a 64 MiB page cache. */
export function createDataSource(settings: DataSourceSettings): DataSource {
  return createStoreDataSource(settings, {
    entities: nationalEntities,
    migrations: nationalMigrations,
    sqliteCacheKiB: 65536,
  });
}
