import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';

export const ROOT = join(__dirname, '..', '..', '..');
export const COUNTRIES = ['FI', 'SE', 'NO', 'DK', 'IS'];

export interface Service {
  url: string;
  child: ChildProcess;
  /** What the process printed before it listened (the gateway's workers announce their pids there). */
  output: () => string;
}

/** Starts a built service and waits for its "listening on http://…" line; `nodeArgs` go to node itself. */
export function start(
  entry: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  nodeArgs: string[] = [],
): Promise<Service> {
  // One benchmark subject sends thousands of requests: lift the per-subject rate limit for the run.
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, entry), ...args], {
    cwd: ROOT,
    env: { ...process.env, GATEWAY_RATE_LIMIT_POINTS: '10000000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    let listening = false;
    const onData = (chunk: Buffer) => {
      if (listening) return; // drain the routing log without keeping it
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s/]+)/.exec(output);
      if (match) {
        listening = true;
        resolve({ url: match[1] as string, child, output: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code}):\n${output}`)));
  });
}

/** Stops a service and waits for it to exit. */
export function stop(service: Service): Promise<void> {
  return new Promise((resolve) => {
    if (service.child.exitCode !== null) return resolve();
    service.child.once('exit', () => resolve());
    service.child.kill('SIGTERM');
  });
}

export function load(
  url: string,
  body: string,
  headers: Record<string, string>,
  connections: number,
  duration: number,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        connections,
        duration,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/** A process's peak (VmHWM) or current (VmRSS) resident memory in MiB; null when it cannot be read. */
export function memoryMiB(pid: number | undefined, field: 'VmHWM' | 'VmRSS' = 'VmHWM'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 1024) : null;
  } catch {
    return null;
  }
}

export function peakMemoryMiB(pid: number | undefined): string {
  const mib = memoryMiB(pid);
  return mib === null ? 'n/a' : `${mib} MiB`;
}

/** Prints rows as a two-column table under a title. */
export function printTable(title: string, rows: [string, string][]): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n${title}`);
  for (const [key, value] of rows) console.log(`${key.padEnd(width)}  ${value}`);
}

/**
 * The network registry and five national services on SQLite in `dir` (seeded at scale 1), each pushed
 * onto `services` as it starts, and a gateway configuration file for them.
 */
export async function startCountries(
  dir: string,
  services: Service[],
): Promise<{ network: Service; national: Map<string, Service>; gatewayConfig: string }> {
  console.error('starting the network registry and five national services (SQLite, seeded at scale 1)…');
  const network = await start('subgraphs/network/dist/main.js', [
    '--port',
    '0',
    '--database',
    `sqlite:${join(dir, 'network.sqlite')}`,
  ]);
  services.push(network);
  const national = new Map<string, Service>();
  await Promise.all(
    COUNTRIES.map(async (country) => {
      const service = await start('subgraphs/national/dist/main.js', [
        '--country',
        country,
        '--port',
        '0',
        '--database',
        `sqlite:${join(dir, `${country}.sqlite`)}`,
        '--seed-if-empty',
        'true',
      ]);
      national.set(country, service);
      services.push(service);
    }),
  );
  const config = {
    port: 0,
    network: { url: `${network.url}/graphql` },
    schemaCheckIntervalSeconds: 3600,
    countries: COUNTRIES.map((code) => ({
      code,
      national: `${national.get(code)?.url}/graphql`,
      crossborder: `${national.get(code)?.url}/crossborder/graphql`,
      timeoutMs: 5000,
    })),
  };
  const gatewayConfig = join(dir, 'gateway.json');
  writeFileSync(gatewayConfig, JSON.stringify(config));
  return { network, national, gatewayConfig };
}
