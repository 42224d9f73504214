import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import type { CountryHosts } from './countryHosts';
import { CountryProxy } from './countryProxy';
import { recreateDatabase } from './postgres';
import type { DevTokenRequest } from '../../subgraphs/common/src/auth/devKeys';
import { type MemberKeys, memberKeys, tokenFor } from './auth';
import { type RunningProcess, startNational, startNetwork, startProcess, tempDir } from './services';

export const COUNTRIES = ['FI', 'SE', 'NO', 'DK', 'IS'] as const;

export type Backend = 'sqlite' | 'postgres';

export interface NordicNetworkOptions {
  backend: Backend;
  /**
   * Per-country gateway timeout (ms); default 5000, the gateway's own default. Long enough for a
   * cross-border step (a country calling other countries back through the gateway, with writes in each)
   * on a busy CI host; tests of timeouts set a shorter one and make a country slower than it.
   */
  timeoutMs?: number;
  schemaCheckIntervalSeconds?: number;
  failureThreshold?: number;
  resetAfterSeconds?: number;
  /** Prefix of the PostgreSQL databases (default `nordic_e2e`), so test files do not share stores. */
  databasePrefix?: string;
  /** Extra environment of every national service. */
  nationalEnv?: NodeJS.ProcessEnv;
  /**
   * Cadence of each country's signed audit checkpoints (ms; default 60000), published to the registry
   * and to the next country in COUNTRIES as witness (not when each country is a host of its own).
   */
  auditCheckpointIntervalMs?: number;
  /** Extra environment of the gateway (e.g. GATEWAY_TRUSTED_DOCUMENTS). */
  gatewayEnv?: NodeJS.ProcessEnv;
  /** A store of its own for some countries (e.g. a PostgreSQL server the test restarts), by country code. */
  databases?: Partial<Record<string, string>>;
  /**
   * Each country on a host of its own (network namespaces, created): the gateway listens on the
   * secretariat's address and reaches every country directly, without a test proxy in between.
   */
  hosts?: CountryHosts;
  /**
   * The members, when not the five (e.g. [...COUNTRIES, 'EE']): configuration only. Their identity
   * providers' and services' keys are generated into a folder of this network's own (memberKeys), so
   * no other test network trusts them; tokens for it come from `tokenFor`.
   */
  members?: readonly string[];
  /** Extra environment of the network registry (e.g. NETWORK_MEMBERS_FILE registering a new member). */
  networkEnv?: NodeJS.ProcessEnv;
}

/** The port every national service listens on when each country is a host of its own. */
const HOST_PORT = 4001;

/** A free TCP port on loopback (so a stopped country can be restarted where the gateway expects it). */
/**
 * A port for a service that must be named before it starts (the gateway's URL is given to the national
 * services, the national services' URLs to the gateway). It is drawn below the kernel's ephemeral range
 * (net.ipv4.ip_local_port_range, 32768–60999 by default): a port taken from that range with `listen(0)`
 * and released is soon handed to another process's `listen(0)` or outgoing connection, which on a busy
 * machine made a test network's gateway fail with EADDRINUSE. A port is checked free by listening on it,
 * and never handed out twice by this process.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = FIRST_PORT + Math.floor(Math.random() * (LAST_PORT - FIRST_PORT + 1));
    if (handedOut.has(port) || RESERVED_PORTS.has(port)) continue;
    if (await canListen(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port between ${FIRST_PORT} and ${LAST_PORT} after 200 attempts`);
}

const FIRST_PORT = 20_000;
const LAST_PORT = 32_767;
/** Ports of the machine's own services in that range (RabbitMQ's inter-node port). */
const RESERVED_PORTS = new Set([25_672]);
const handedOut = new Set<number>();

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * The whole Nordic network as real processes on loopback: the network registry, five national services
 * (each behind a recording CountryProxy) and the gateway, configured through its YAML file.
 */
export class NordicNetwork {
  readonly countries = new Map<
    string,
    { process: RunningProcess; proxy: CountryProxy | null; database: string; port: number }
  >();
  network!: RunningProcess;
  gateway!: RunningProcess;
  private readonly dir = tempDir('e2e');
  private keys: MemberKeys | null = null;

  constructor(private readonly options: NordicNetworkOptions) {}

  /** The member countries, in the order given (the five unless the options list others). */
  get members(): readonly string[] {
    return this.options.members ?? COUNTRIES;
  }

  /** A token of this network's identity provider of `request.country` (the test run's, or the members' own). */
  tokenFor(request: DevTokenRequest): Promise<string> {
    return this.keys ? this.keys.tokenFor(request) : tokenFor(request);
  }

  /** Environment of every process: the members' own keys when they are configured, else the test run's. */
  private get sharedEnv(): NodeJS.ProcessEnv {
    return this.keys?.env ?? {};
  }

  private gatewayPort = 0;
  private networkPort = 0;
  /** Each country's port, chosen before any service starts (witnesses are addressed by it). */
  private readonly ports = new Map<string, number>();

  /** Where a country publishes its audit checkpoints: the registry and the next country as witness. */
  private checkpointEnvironment(country: string): NodeJS.ProcessEnv {
    if (this.options.hosts) return {};
    const members = this.members;
    const witness = members[(members.indexOf(country) + 1) % members.length];
    return {
      AUDIT_CHECKPOINT_REGISTRY_URL: `http://127.0.0.1:${this.networkPort}`,
      AUDIT_CHECKPOINT_WITNESSES: `${witness}=http://127.0.0.1:${this.ports.get(witness as string)}`,
      AUDIT_CHECKPOINT_INTERVAL_MS: String(this.options.auditCheckpointIntervalMs ?? 60_000),
    };
  }

  /** Where the gateway listens: loopback, or the secretariat's address on the countries' network. */
  private get gatewayHost(): string {
    return this.options.hosts?.secretariatAddress ?? '127.0.0.1';
  }

  /** Starts (or restarts) a country's service on its store and port, on its own host if it has one. */
  private startCountry(country: string, database: string, port: number, env: NodeJS.ProcessEnv = {}) {
    const hosts = this.options.hosts;
    return startNational({
      country,
      database,
      port,
      extraArgs: ['--gateway-url', `http://${this.gatewayHost}:${this.gatewayPort}/graphql`],
      env: {
        ...this.sharedEnv,
        ...this.keys?.countryEnv(country),
        ...this.checkpointEnvironment(country),
        ...this.options.nationalEnv,
        ...env,
      },
      ...(hosts ? { host: hosts.address(country), command: hosts.command(country) } : {}),
    });
  }

  /**
   * Runs one SQL statement on a country's own store, behind its service — for tests that need time to
   * pass (e.g. a referral's expiry). Placeholders are `$1`, `$2`, … on both backends.
   */
  async sql(country: string, statement: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    const database = this.countries.get(country)?.database;
    if (!database) throw new Error(`unknown country ${country}`);
    if (database.startsWith('sqlite:')) {
      const store = new Database(database.slice('sqlite:'.length));
      try {
        const prepared = store.prepare(statement.replace(/\$\d+/g, '?'));
        if (prepared.reader) return prepared.all(...params) as Record<string, unknown>[];
        prepared.run(...params);
        return [];
      } finally {
        store.close();
      }
    }
    const client = new Client({ connectionString: database });
    await client.connect();
    try {
      return (await client.query(statement, params)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  }

  /** Everything every process of the network has written to stdout and stderr so far. */
  allOutput(): string {
    return [
      this.gateway.output(),
      this.network.output(),
      ...[...this.countries.values()].map((c) => c.process.output()),
    ].join('\n');
  }

  get gatewayUrl(): string {
    return `${this.gateway.url}/graphql`;
  }

  proxy(country: string): CountryProxy {
    const proxy = this.countries.get(country)?.proxy;
    if (!proxy) throw new Error(`${country} has no test proxy (each country is a host of its own)`);
    return proxy;
  }

  private async database(name: string): Promise<string> {
    return this.options.backend === 'sqlite'
      ? `sqlite:${join(this.dir, `${name}.sqlite`)}`
      : recreateDatabase(`${this.options.databasePrefix ?? 'nordic_e2e'}_${name}`);
  }

  async start(): Promise<void> {
    if (this.options.members) this.keys = await memberKeys(join(this.dir, 'keys'), this.options.members);
    const networkDb = await this.database('network');
    // The gateway's port is chosen first: the national services reach other countries through it.
    this.gatewayPort = await freePort();
    // …and the registry's and the countries', which receive each other's audit checkpoints.
    this.networkPort = await freePort();
    for (const country of this.members)
      this.ports.set(country, this.options.hosts ? HOST_PORT : await freePort());
    const [network] = await Promise.all([
      startNetwork(networkDb, { ...this.sharedEnv, ...this.options.networkEnv }, this.networkPort),
      ...this.members.map(async (country) => {
        const database = this.options.databases?.[country] ?? (await this.database(country.toLowerCase()));
        const port = this.ports.get(country) as number;
        const process = await this.startCountry(country, database, port);
        const proxy = this.options.hosts ? null : new CountryProxy(process.url);
        await proxy?.start();
        this.countries.set(country, { process, proxy, database, port });
      }),
    ]);
    this.network = network as RunningProcess;
    const config = {
      host: this.gatewayHost,
      port: this.gatewayPort,
      network: { url: `${this.network.url}/graphql` },
      schemaCheckIntervalSeconds: this.options.schemaCheckIntervalSeconds ?? 1,
      circuitBreaker: {
        failureThreshold: this.options.failureThreshold ?? 3,
        resetAfterSeconds: this.options.resetAfterSeconds ?? 1,
      },
      countries: this.members.map((code) => {
        const entry = this.countries.get(code) as { proxy: CountryProxy | null; process: RunningProcess };
        const url = entry.proxy?.url ?? entry.process.url;
        return {
          code,
          national: `${url}/graphql`,
          crossborder: `${url}/crossborder/graphql`,
          timeoutMs: this.options.timeoutMs ?? 5000,
        };
      }),
    };
    const file = join(this.dir, 'gateway.json');
    writeFileSync(file, JSON.stringify(config, null, 2));
    // Many requests from one test subject: the rate limit has its own tests (test/gateway/limits.test.ts).
    this.gateway = await startProcess('gateway/dist/main.js', ['--config', file], {
      GATEWAY_RATE_LIMIT_POINTS: '1000000',
      ...this.sharedEnv,
      ...this.options.gatewayEnv,
    });
  }

  async stopCountry(country: string): Promise<void> {
    await this.countries.get(country)?.process.stop();
  }

  /** Starts a stopped country again on its port and store; `env` adds to the network's national environment. */
  async restartCountry(country: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
    const entry = this.countries.get(country);
    if (!entry) throw new Error(`unknown country ${country}`);
    entry.process = await this.startCountry(country, entry.database, entry.port, env);
  }

  async stop(): Promise<void> {
    await Promise.all([
      this.gateway?.stop(),
      this.network?.stop(),
      ...[...this.countries.values()].map(async (c) => {
        await c.process.stop();
        await c.proxy?.close();
      }),
    ]);
  }
}
