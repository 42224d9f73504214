import { Client } from 'pg';

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

/** Drops and creates a database, so each test run starts from an empty store. */
export async function recreateDatabase(database: string): Promise<string> {
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
