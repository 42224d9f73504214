import { type DataSourceSettings, createStoreDataSource } from '@nordic/subgraph-common';
import type { DataSource } from 'typeorm';
import { networkEntities } from './entities';
import { networkMigrations } from './migrations';

export { type DataSourceSettings, type DatabaseKind, databaseKind } from '@nordic/subgraph-common';

/** The registry's store, not yet initialised. */
export function createNetworkDataSource(settings: DataSourceSettings): DataSource {
  return createStoreDataSource(settings, { entities: networkEntities, migrations: networkMigrations });
}
