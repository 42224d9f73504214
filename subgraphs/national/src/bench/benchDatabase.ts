import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * A benchmark's store: `nordic-bench-<name>.sqlite` in the temporary folder, or the PostgreSQL database
 * `nordic_bench_<name>` (PG* variables, default the local trust-auth server); emptied unless `reuse`.
 */
export async function benchDatabaseUrl(backend: string, name: string, reuse = false): Promise<string> {
  if (backend === 'sqlite') {
    const file = join(tmpdir(), `nordic-bench-${name.replace(/_/g, '-')}.sqlite`);
    if (reuse) return `sqlite:${file}`;
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    return `sqlite:${file}`;
  }
  const database = `nordic_bench_${name}`;
  const host = process.env.PGHOST ?? '127.0.0.1';
  const port = Number(process.env.PGPORT ?? 5432);
  const user = process.env.PGUSER ?? 'postgres';
  const client = new Client({ host, port, user, password: process.env.PGPASSWORD, database: 'postgres' });
  await client.connect();
  if (!reuse) {
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${database}`);
  }
  await client.end();
  return `postgres://${user}@${host}:${port}/${database}`;
}
