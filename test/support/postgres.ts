import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * A short mark of this checkout (a hash of its path), appended to every test database's name, so two
 * checkouts of the project (a second worktree, a colleague's clone) can run their tests at the same time
 * against one PostgreSQL server without dropping each other's databases.
 */
const CHECKOUT = createHash('sha256')
  .update(join(__dirname, '..', '..'))
  .digest('hex')
  .slice(0, 6);

/** Connection settings from the usual PG* variables, defaulting to the local trust-auth server. */
function settings() {
  return {
    host: process.env.PGHOST ?? '127.0.0.1',
    port: Number(process.env.PGPORT ?? 5432),
    user: process.env.PGUSER ?? 'postgres',
    password: process.env.PGPASSWORD,
  };
}

export function postgresUrl(database: string): string {
  const s = settings();
  const auth = s.password
    ? `${encodeURIComponent(s.user)}:${encodeURIComponent(s.password)}`
    : encodeURIComponent(s.user);
  return `postgres://${auth}@${s.host}:${s.port}/${database}`;
}

/**
 * Drops and creates this checkout's database `name` (`<name>_<checkout>`), so each test run starts from an
 * empty store; returns its URL.
 */
export async function recreateDatabase(name: string): Promise<string> {
  const database = `${name}_${CHECKOUT}`;
  const client = new Client({ ...settings(), database: 'postgres' });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  return postgresUrl(database);
}
