import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../subgraphs/national/src/database/dataSource';
import { recreateDatabase } from './postgres';
import { tempDir } from './services';

export type StoreBackend = 'SQLite' | 'PostgreSQL';

/**
 * Fresh, migrated national stores for tests that talk to a store directly (no service): each call
 * gives a new empty one named after `name`; `closeAll` in afterAll closes them.
 */
export class MigratedStores {
  private readonly open: DataSource[] = [];
  private count = 0;

  constructor(private readonly name: string) {}

  async create(backend: StoreBackend): Promise<DataSource> {
    this.count += 1;
    const url =
      backend === 'SQLite'
        ? `sqlite:${join(tempDir(this.name), 'store.sqlite')}`
        : await recreateDatabase(`${this.name.replace(/-/g, '_')}_${this.count}`);
    const ds = createDataSource({ url });
    await ds.initialize();
    this.open.push(ds);
    await ds.runMigrations({ transaction: 'each' });
    return ds;
  }

  async closeAll(): Promise<void> {
    for (const ds of this.open) if (ds.isInitialized) await ds.destroy();
  }
}
