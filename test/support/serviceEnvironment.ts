import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadGatewayConfig } from '../../gateway/src/config/gatewayConfig';
import { loadLimitsOptions } from '../../subgraphs/common/src/limits/options';
import { DEV_COUNTRIES, loadAuthSettings } from '../../subgraphs/common/src/auth/authSettings';
import { checkServiceKeyFiles } from '../../subgraphs/common/src/lookupSigningKeys';
import { loadNationalConfig } from '../../subgraphs/national/src/config';
import { loadNetworkConfig } from '../../subgraphs/network/src/config';
import {
  devAuditChainKeyFile,
  devServiceJwksFile,
  devServiceKeyFile,
} from '../../subgraphs/common/src/auditCheckpoints/serviceKeys';
import { TEST_AUTH_DIR } from './auth';

export const REPO_ROOT = join(__dirname, '..', '..');

export type ServiceName = 'national' | 'network' | 'gateway';

/** The built entry each service's container runs, as `npm run start:<service>` runs it. */
export const SERVICE_ENTRIES: Record<ServiceName, string> = {
  national: 'subgraphs/national/dist/main.js',
  network: 'subgraphs/network/dist/main.js',
  gateway: 'gateway/dist/main.js',
};

/** The workspace whose production dependencies each image carries. */
export const SERVICE_WORKSPACES: Record<ServiceName, string> = {
  national: 'subgraphs/national',
  network: 'subgraphs/network',
  gateway: 'gateway',
};

/**
 * The paths the deployment files probe, besides the GraphQL endpoints; probes.test.ts asks each of them
 * of the running service, so a path listed here that the code does not serve fails there.
 */
export const PROBE_PATHS: Record<ServiceName, string[]> = {
  national: ['/health'],
  network: ['/health'],
  gateway: ['/health', '/ready'],
};

/** Variables the gateway reads only to override its configuration file, which a deployment mounts whole. */
export const GATEWAY_FILE_OVERRIDES = [
  'NETWORK_URL',
  'SCHEMA_CHECK_INTERVAL_SECONDS',
  'GATEWAY_CORS_ORIGINS',
  // countryTls in the file: mutual TLS to the countries, off unless configured.
  'GATEWAY_COUNTRY_TLS_CERT_FILE',
  'GATEWAY_COUNTRY_TLS_KEY_FILE',
  'GATEWAY_COUNTRY_TLS_CA_FILE',
  ...DEV_COUNTRIES.flatMap((c) => [
    `COUNTRY_${c}_NATIONAL_URL`,
    `COUNTRY_${c}_CROSSBORDER_URL`,
    `COUNTRY_${c}_TIMEOUT_MS`,
  ]),
];

/**
 * Variables the national service reads only as the other form of its linkage key (instead of
 * LINKAGE_KEY_FILE) or of its audit-chain key (instead of AUDIT_CHAIN_KEY_FILE).
 */
export const NATIONAL_KEY_ALTERNATIVES = ['LINKAGE_KEY', 'LINKAGE_KEY_VERSION', 'AUDIT_CHAIN_KEY'];

/**
 * The test run's own files standing in for a deployment's mounted key secrets (their content is the
 * operator's): the linkage key, the country's audit-chain and service keys, the service public keys.
 */
function standInKeyFiles(env: NodeJS.ProcessEnv, files: Record<string, string>, names: string[]): void {
  const country = names.includes('AUDIT_CHAIN_KEY_FILE') ? (env.COUNTRY ?? 'FI').toUpperCase() : 'FI';
  const standIns: Record<string, string | undefined> = {
    LINKAGE_KEY_FILE: process.env.LINKAGE_KEY_FILE,
    AUDIT_CHAIN_KEY_FILE: devAuditChainKeyFile(country, TEST_AUTH_DIR),
    SERVICE_SIGNING_KEY_FILE: devServiceKeyFile(country, TEST_AUTH_DIR),
    SERVICE_KEYS_JWKS: devServiceJwksFile(TEST_AUTH_DIR),
  };
  for (const name of names) {
    const standIn = standIns[name];
    const mounted = env[name];
    if (mounted && !existsSync(mounted)) env[name] = files[mounted] ?? standIn;
  }
}

/**
 * Variables a service reads only to refuse to start when they are set (a retired configuration):
 * AUTH_JWKS, the one key set for every issuer, replaced by AUTH_ISSUER_JWKS (docs/security/issuer-keys.md).
 */
export const RETIRED_VARIABLES = ['AUTH_JWKS'];

/** The one-shot command a deployment runs before the national service (brings the schema up to date). */
export const MIGRATE_ENTRY = 'subgraphs/national/dist/database/migrateCli.js';

/** What a service would do with an environment: where it listens, and every variable it looked at. */
export interface EffectiveService {
  host: string;
  port: number;
  /** The whole configuration the service's loader returned. */
  config: Record<string, unknown>;
  /** Variables the configuration loaders read, plus every `process.env.X` in the code the entry loads. */
  reads: Set<string>;
}

/** A copy of `values` that records every name read from it. */
function recordingEnvironment(values: Record<string, string>): {
  env: NodeJS.ProcessEnv;
  reads: Set<string>;
} {
  const reads = new Set<string>();
  const env = new Proxy(
    { ...values },
    {
      get(target, name) {
        if (typeof name === 'string') reads.add(name);
        return (target as Record<string | symbol, unknown>)[name];
      },
      has(target, name) {
        if (typeof name === 'string') reads.add(name);
        return name in target;
      },
    },
  ) as NodeJS.ProcessEnv;
  return { env, reads };
}

/**
 * Runs the service's own configuration loaders on `environment` (they throw, naming the bad key, when it
 * would not start) and records what they read. `files` maps a path inside the container to the repository
 * file mounted there (the gateway's configuration).
 */
export function effectiveService(
  service: ServiceName,
  environment: Record<string, string>,
  files: Record<string, string> = {},
): EffectiveService {
  const { env, reads } = recordingEnvironment(environment);
  let listen: { host: string; port: number } & Record<string, unknown>;
  if (service === 'national') {
    // The keys are mounted secrets: the test run's own key files stand in for their content.
    standInKeyFiles(env, files, [
      'LINKAGE_KEY_FILE',
      'AUDIT_CHAIN_KEY_FILE',
      'SERVICE_SIGNING_KEY_FILE',
      'SERVICE_KEYS_JWKS',
    ]);
    listen = { ...loadNationalConfig([], env) };
    // The service keys are mounted secrets too: the test run's own files stand in for their content.
    for (const name of ['SERVICE_JWKS_FILE', 'SERVICE_KEY_FILE']) {
      const mounted = env[name];
      if (mounted && !existsSync(mounted)) env[name] = files[mounted] ?? testServiceKeyFile(name, listen);
    }
    checkServiceKeyFiles(String(listen.country), null, env);
  } else if (service === 'network') {
    standInKeyFiles(env, files, ['SERVICE_KEYS_JWKS']);
    listen = { ...loadNetworkConfig([], env) };
  } else {
    const file = env.GATEWAY_CONFIG;
    if (!file) throw new Error('GATEWAY_CONFIG is not set: the gateway would not start');
    const mounted = files[file];
    if (!mounted) throw new Error(`nothing is mounted at GATEWAY_CONFIG=${file}`);
    listen = { ...loadGatewayConfig(mounted, env) };
    loadLimitsOptions(env);
  }
  loadAuthSettings(env);
  for (const name of RETIRED_VARIABLES) reads.delete(name);
  for (const name of processEnvReads(SERVICE_ENTRIES[service])) reads.add(name);
  return { host: listen.host, port: listen.port, config: listen, reads };
}

/** The test run's service-key file standing in for a mounted one (see test/support/auth.ts). */
function testServiceKeyFile(name: string, config: Record<string, unknown>): string | undefined {
  const jwks = process.env.SERVICE_JWKS_FILE;
  if (!jwks || name === 'SERVICE_JWKS_FILE') return jwks;
  return join(dirname(jwks), `${String(config.country).toLowerCase()}.private.jwk.json`);
}

/** Workspace package name → its source folder (`@nordic/schema` → `schema/src`). */
function workspaceSources(): Map<string, string> {
  const root = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
  const map = new Map<string, string>();
  for (const workspace of root.workspaces) {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, workspace, 'package.json'), 'utf8')) as {
      name: string;
    };
    map.set(pkg.name, join(REPO_ROOT, workspace, 'src'));
  }
  return map;
}

function resolveSource(from: string, specifier: string, workspaces: Map<string, string>): string | null {
  let base: string | undefined;
  if (specifier.startsWith('.')) base = join(dirname(from), specifier);
  else base = workspaces.has(specifier) ? join(workspaces.get(specifier) as string, 'index') : undefined;
  if (!base) return null;
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return null;
}

/**
 * Every `process.env.NAME` (or `process.env['NAME']`) in the source files a built entry loads, following
 * relative imports and imports of the workspaces (`dist/x.js` is compiled from `src/x.ts`).
 */
export function processEnvReads(entry: string): Set<string> {
  const workspaces = workspaceSources();
  const start = join(REPO_ROOT, entry.replace('/dist/', '/src/').replace(/\.js$/, '.ts'));
  if (!existsSync(start)) throw new Error(`${entry} is not compiled from a source file (${start})`);
  const seen = new Set<string>();
  const names = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(
      /process\.env(?:\.([A-Z_][A-Z0-9_]*)|\[\s*['"]([A-Z_][A-Z0-9_]*)['"]\s*\])/g,
    )) {
      names.add((m[1] ?? m[2]) as string);
    }
    for (const m of source.matchAll(/(?:from\s+|import\(\s*|require\(\s*)['"]([^'"]+)['"]/g)) {
      const next = resolveSource(file, m[1] as string, workspaces);
      if (next) queue.push(next);
    }
  }
  return names;
}
