import type { DataSource } from 'typeorm';
import { createNetworkDataSource, type DataSourceSettings } from './dataSource';

/** Connects to the store and brings its schema up to date with the migrations. */
export async function openNetworkStore(settings: DataSourceSettings): Promise<DataSource> {
  const dataSource = createNetworkDataSource(settings);
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'all' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
