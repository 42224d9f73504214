import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countryKeyEnvironment } from './auth';

const ROOT = join(__dirname, '..', '..');

export interface RunningProcess {
  url: string;
  process: ChildProcess;
  /** Everything the process printed, for assertions on its logs. */
  output(): string;
  /**
   * Resolves with the output once it satisfies `check` (at once if it already does), re-checked on each
   * line the process prints: for a log line written after the HTTP answer that caused it, without
   * guessing how long that takes. Rejects if the process exits first.
   */
  outputShows(check: (output: string) => boolean): Promise<string>;
  stop(): Promise<void>;
}

/** A fresh temporary folder for SQLite files. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `nordic-${prefix}-`));
}

/**
 * Tests send many requests as one subject, and many refused tokens, from one address (127.0.0.1): the
 * rate limits of the countries and the registry, and every service's failed-authentication limit, are
 * raised for them. The limits have their own tests (test/security/serviceLimits.test.ts), which set
 * theirs; so does any test through `env`. (The gateway's rate limit keeps its default unless a test
 * network raises it.)
 */
export const MANY_TEST_REQUESTS: NodeJS.ProcessEnv = {
  NATIONAL_RATE_LIMIT_POINTS: '1000000',
  NETWORK_RATE_LIMIT_POINTS: '1000000',
  GATEWAY_FAILED_AUTH_LIMIT_POINTS: '1000000',
  NATIONAL_FAILED_AUTH_LIMIT_POINTS: '1000000',
  NETWORK_FAILED_AUTH_LIMIT_POINTS: '1000000',
};

/**
 * Spawns a built service (`node <entry> …args --port 0`) and waits for its "listening on http://…" line.
 * `command` runs node through another program that execs it (e.g. `ip netns exec <host>`).
 */
export function startProcess(
  entry: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  command: string[] = [],
): Promise<RunningProcess> {
  const [program, ...prefix] = [...command, process.execPath];
  const child = spawn(program as string, [...prefix, join(ROOT, entry), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...MANY_TEST_REQUESTS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const outputShows = (check: (output: string) => boolean): Promise<string> =>
    new Promise((resolve, reject) => {
      const done = () => {
        child.stdout.off('data', onChunk);
        child.stderr.off('data', onChunk);
        child.off('exit', onExit);
      };
      // Listeners added after startProcess's own, so `output` already holds the chunk.
      const onChunk = () => {
        if (!check(output)) return;
        done();
        resolve(output);
      };
      const onExit = () => {
        done();
        if (check(output)) resolve(output);
        else reject(new Error(`the process exited without showing what was expected:\n${output}`));
      };
      if (check(output)) return resolve(output);
      if (child.exitCode !== null) return onExit();
      child.stdout.on('data', onChunk);
      child.stderr.on('data', onChunk);
      child.once('exit', onExit);
    });
  return new Promise((resolve, reject) => {
    // No timer of its own: a service starts when it says so (computing match tokens takes long on a
    // busy host); the test's hook timeout bounds the wait, and a child still starting then is killed
    // when the test process exits.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (https?:\/\/[^\s/]+)/.exec(output);
      if (match) {
        resolve({
          url: match[1] as string,
          process: child,
          output: () => output,
          outputShows,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      reject(new Error(`${entry} exited with code ${code} before listening:\n${output}`));
    });
  });
}

export interface NationalOptions {
  country: string;
  database: string;
  seed?: boolean;
  /** Fixed port (default: any free port). */
  port?: number;
  extraArgs?: string[];
  /**
   * Extra environment (e.g. another linkage key, or where to publish audit checkpoints); the country's
   * own audit-chain and service keys of the test run are set unless this overrides them.
   */
  env?: NodeJS.ProcessEnv;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** Runs the service through this command, e.g. on a host of its own (`ip netns exec …`). */
  command?: string[];
}

export function startNational(options: NationalOptions): Promise<RunningProcess> {
  return startProcess(
    'subgraphs/national/dist/main.js',
    [
      '--country',
      options.country,
      '--port',
      String(options.port ?? 0),
      ...(options.host ? ['--host', options.host] : []),
      '--database',
      options.database,
      '--seed-if-empty',
      options.seed === false ? 'false' : 'true',
      // Tests start from empty stores; production PostgreSQL stores are migrated with `npm run migrate`.
      '--migrate-on-start',
      'true',
      ...(options.extraArgs ?? []),
    ],
    { ...countryKeyEnvironment(options.country.toUpperCase()), ...options.env },
    options.command,
  );
}

export function startNetwork(
  database: string,
  env: NodeJS.ProcessEnv = {},
  port = 0,
): Promise<RunningProcess> {
  return startProcess(
    'subgraphs/network/dist/main.js',
    ['--port', String(port), '--database', database],
    env,
  );
}

/** Runs a built script to completion and returns its exit code and output. */
export function runScript(
  entry: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [join(ROOT, entry), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

export interface SmallNetwork {
  finland: RunningProcess;
  network: RunningProcess;
  gateway: RunningProcess;
  stop(): Promise<void>;
}

/**
 * Finland alone behind the Nordic gateway (network registry, FI national service, gateway), on SQLite in
 * `dir` unless `database` names Finland's store; `env` is given to all three processes, `gatewayEnv` to
 * the gateway and `nationalEnv` to Finland's service as well.
 */
export async function startFinlandBehindGateway(
  dir: string,
  options: {
    seed?: boolean;
    gatewayEnv?: NodeJS.ProcessEnv;
    env?: NodeJS.ProcessEnv;
    database?: string;
    nationalEnv?: NodeJS.ProcessEnv;
    /** Members the gateway is configured with whose services do not run (nothing listens there). */
    unreachable?: string[];
  } = {},
): Promise<SmallNetwork> {
  const env = options.env ?? {};
  const [finland, network] = await Promise.all([
    startNational({
      country: 'FI',
      database: options.database ?? `sqlite:${join(dir, 'fi.sqlite')}`,
      seed: options.seed,
      env: { ...env, ...options.nationalEnv },
    }),
    startNetwork(`sqlite:${join(dir, 'network.sqlite')}`, env),
  ]);
  const config = join(dir, 'gateway.json');
  writeFileSync(
    config,
    JSON.stringify({
      port: 0,
      network: { url: `${network.url}/graphql` },
      countries: [
        { code: 'FI', national: `${finland.url}/graphql`, crossborder: `${finland.url}/crossborder/graphql` },
        // Port 1 on loopback: the connection is refused at once, so the member is down from the start.
        ...(options.unreachable ?? []).map((code) => ({
          code,
          national: 'http://127.0.0.1:1/graphql',
          crossborder: 'http://127.0.0.1:1/crossborder/graphql',
        })),
      ],
    }),
  );
  const gateway = await startProcess('gateway/dist/main.js', ['--config', config], {
    ...env,
    ...(options.gatewayEnv ?? {}),
  });
  return {
    finland,
    network,
    gateway,
    stop: async () => {
      await Promise.all([gateway.stop(), finland.stop(), network.stop()]);
    },
  };
}
