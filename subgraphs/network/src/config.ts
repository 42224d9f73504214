import { join } from 'node:path';
import {
  type LimitsOptions,
  NETWORK_LIMITS,
  type ServicePublicKey,
  describeConfigError,
  devServiceJwksFile,
  loadLimitsOptions,
  loadServicePublicKeys,
  parseFlags,
} from '@nordic/subgraph-common';
import { z } from 'zod';
import { type PopulationTable, readPopulationFile } from './population/populationFigures';
import { type DirectoryData, readMembersFile } from './seed/directoryData';

export interface NetworkConfig {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** `sqlite:<file>` or `postgres://…`. */
  databaseUrl: string;
  /**
   * The countries' service public keys (SERVICE_KEYS_JWKS): the registry takes a country's audit
   * checkpoint only when that country's key signed it.
   */
  serviceKeys: ServicePublicKey[];
  /** The limits of `/graphql` (`NETWORK_MAX_DEPTH`, …); read from the environment when absent. */
  limits?: LimitsOptions;
  /**
   * Countries that joined after the checked-in directory (`NETWORK_MEMBERS_FILE`), registered on
   * start; null when no members file is configured.
   */
  members?: DirectoryData | null;
  /**
   * Inhabitants per country and year, with their source (`NETWORK_POPULATION_FILE`, else the
   * checked-in `data/population.json`): the denominators of rates per 100,000 inhabitants.
   */
  populations?: PopulationTable;
}

/** The repository root, three levels above `dist/` (or `src/`). */
const REPO_ROOT = join(__dirname, '..', '..', '..');

export const DEFAULT_DATABASE_URL = `sqlite:${join(REPO_ROOT, 'data', 'network.sqlite')}`;

/** The configuration cannot be used; `message` names each bad key and its fix. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const FLAGS = ['port', 'host', 'database'] as const;

const HINTS: Record<(typeof FLAGS)[number], string> = {
  port: 'pass --port 4001 or set PORT=4001 (0 picks a free port).',
  host: 'pass --host 127.0.0.1 (0.0.0.0 for every interface) or set HOST.',
  database:
    'pass --database sqlite:/path/to/network.sqlite or --database postgres://user@host:5432/network, or set DATABASE_URL.',
};

/** A URL echoed in an error message keeps its user but never its password. */
function withoutPassword(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}

const configSchema = z.object({
  port: z
    .string()
    .regex(/^\d{1,5}$/, {
      error: (issue) => `must be a whole number from 0 to 65535, got "${String(issue.input)}"`,
    })
    .transform(Number)
    .refine((port) => port <= 65535, {
      error: (issue) => `must be at most 65535, got ${String(issue.input)}`,
    }),
  host: z
    .string()
    .regex(/^\S+$/, { error: (issue) => `must be a host name or address, got "${String(issue.input)}"` }),
  database: z.string().regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, {
    error: (issue) => `must be sqlite:<file> or postgres://…, got "${withoutPassword(String(issue.input))}"`,
  }),
});

function present(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The registry's configuration from command-line flags (`--port`, `--host`, `--database`) and the
 * environment (`PORT`, `HOST`, `DATABASE_URL`); a flag wins over the environment.
 * Throws a ConfigError naming every bad key and how to fix it.
 */
export function loadNetworkConfig(argv: readonly string[], env: NodeJS.ProcessEnv): NetworkConfig {
  let flags: Record<string, string>;
  try {
    flags = parseFlags(argv);
  } catch (error) {
    throw new ConfigError(`invalid configuration:\n  - ${(error as Error).message}.`);
  }
  const unknown = Object.keys(flags).filter((flag) => !(FLAGS as readonly string[]).includes(flag));
  if (unknown.length > 0) {
    const lines = unknown.map(
      (flag) => `  - ${flag}: unknown option --${flag}. Fix: use --port, --host or --database.`,
    );
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const result = configSchema.safeParse({
    port: flags.port ?? present(env.PORT) ?? '4001',
    host: flags.host ?? present(env.HOST) ?? '127.0.0.1',
    database: flags.database ?? present(env.DATABASE_URL) ?? DEFAULT_DATABASE_URL,
  });
  if (!result.success) throw new ConfigError(describeConfigError(result.error, HINTS));
  let serviceKeys: ServicePublicKey[];
  let limits: LimitsOptions;
  let members: DirectoryData | null;
  let populations: PopulationTable;
  try {
    serviceKeys = loadServicePublicKeys(present(env.SERVICE_KEYS_JWKS) ?? devServiceJwksFile());
    limits = loadLimitsOptions(env, NETWORK_LIMITS);
    const membersFile = present(env.NETWORK_MEMBERS_FILE);
    members = membersFile ? readMembersFile(membersFile) : null;
    populations = readPopulationFile(present(env.NETWORK_POPULATION_FILE));
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  return {
    host: result.data.host,
    port: result.data.port,
    databaseUrl: result.data.database,
    serviceKeys,
    limits,
    members,
    populations,
  };
}
