import { type DataSource, MigrationExecutor } from 'typeorm';

/** The migrations of this release that the store has not had yet, oldest first. */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const pending = await new MigrationExecutor(dataSource).getPendingMigrations();
  return pending.map((m) => m.name);
}

/** Applies every pending migration, each in its own transaction; applying none is fine (idempotent). */
export async function applyMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}

/** The command that brings a store up to date, for messages. */
export function migrateCommand(country: string, databaseUrl: string): string {
  const redacted = databaseUrl.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  return `npm run migrate -- --country ${country} --database ${redacted}`;
}
