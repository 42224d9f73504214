import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './nordicNetwork';

const run = promisify(execFile);

/** The newest PostgreSQL server binaries Debian installed (`/usr/lib/postgresql/<major>/bin`). */
function serverBinaries(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors.length === 0)
    throw new Error(`no PostgreSQL server binaries under ${root} (apt-get install postgresql)`);
  return join(root, majors[0] as string, 'bin');
}

/**
 * A PostgreSQL server of a test's own: its own data folder, port and socket folder, so a test can stop
 * and start it without touching the machine's shared server. The server refuses to run as root, so
 * under root it runs as the `postgres` user (as Debian's own clusters do).
 */
export class PrivatePostgres {
  private readonly bin = serverBinaries();
  private readonly dir = mkdtempSync(join(tmpdir(), 'nordic-pg-'));
  private readonly data = join(this.dir, 'data');
  port = 0;

  private async asOwner(command: string, args: string[]): Promise<void> {
    const program = join(this.bin, command);
    if (userInfo().uid === 0) await run('runuser', ['-u', 'postgres', '--', program, ...args]);
    else await run(program, args);
  }

  /** Creates the cluster (trust authentication on loopback, user `postgres`) and starts it. */
  async create(): Promise<void> {
    if (userInfo().uid === 0) chownSync(this.dir, idOf('-u', 'postgres'), idOf('-g', 'postgres'));
    await this.asOwner('initdb', [
      '-D',
      this.data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    this.port = await freePort();
    await this.start();
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await this.asOwner('pg_ctl', [
      '-D',
      this.data,
      '-l',
      join(this.dir, 'server.log'),
      '-o',
      options,
      '-w',
      'start',
    ]);
  }

  /** A fast shutdown: open connections are terminated, as in a restart by an operator. */
  async stop(): Promise<void> {
    await this.asOwner('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', 'stop']);
  }

  /** A connection URL to database `name`, created empty. */
  async database(name: string): Promise<string> {
    const client = new Client({ connectionString: `postgres://postgres@127.0.0.1:${this.port}/postgres` });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
    return `postgres://postgres@127.0.0.1:${this.port}/${name}`;
  }

  /** Stops the server (if running) and removes its folder. */
  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function idOf(flag: '-u' | '-g', user: string): number {
  return Number(execFileSync('id', [flag, user]).toString().trim());
}
