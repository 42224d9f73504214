import { buildContractSubgraph } from '@nordic/schema';
import {
  BearerVerifier,
  NETWORK_LIMITS,
  ServiceMetrics,
  auditCheckpointRoutes,
  loadAuthSettings,
  loadLimitsOptions,
  serveSubgraphs,
} from '@nordic/subgraph-common';
import type { LimitsOptions } from '@nordic/subgraph-common';
import type { NetworkConfig } from './config';
import { databaseKind } from './database/dataSource';
import { openNetworkStore } from './database/openNetworkStore';
import { createNetworkContext } from './networkPort';
import { readPopulationFile } from './population/populationFigures';
import { registerMembers, seedDirectory } from './seed/seedDirectory';

export interface NetworkService {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4001/graphql`. */
  url: string;
  /** Stops accepting requests, lets running ones finish, then closes the store. */
  close(): Promise<void>;
}

/**
 * Starts the network registry: migrates the store, seeds it from the checked-in directory when it is
 * empty, and serves the contract's `network` subgraph at `/graphql` (plus `/health`), and the countries'
 * audit checkpoints at `/audit/checkpoints` (docs/security/audit-log.md).
 */
export async function startNetworkService(config: NetworkConfig): Promise<NetworkService> {
  const store = await openNetworkStore({ url: config.databaseUrl });
  try {
    await seedDirectory(store);
    // A member that joined later is registered from configuration (NETWORK_MEMBERS_FILE), not code.
    if (config.members) await registerMembers(store, config.members);
    const schema = await buildContractSubgraph('network');
    const populations = config.populations ?? readPopulationFile();
    const running = await serveSubgraphs(
      [{ path: '/graphql', schema, context: async () => createNetworkContext(store, populations) }],
      {
        host: config.host,
        port: config.port,
        health: () => ({ service: 'network', database: databaseKind(config.databaseUrl) }),
        verifier: await BearerVerifier.start(loadAuthSettings()),
        metrics: new ServiceMetrics('network'),
        logFields: { service: 'network' },
        storeName: "The network registry's database",
        // Every country's signed audit checkpoints, outside the country's own database.
        routes: [auditCheckpointRoutes({ dataSource: store, keys: config.serviceKeys })],
        limits: withRegistryKeys(config.limits ?? loadLimitsOptions(process.env, NETWORK_LIMITS)),
      },
    );
    return {
      url: `${running.url}/graphql`,
      async close() {
        await running.close();
        await store.destroy();
      },
    };
  } catch (error) {
    await store.destroy();
    throw error;
  }
}

/** The registry's rate-limit counts are its own, also when it shares a Redis with other services. */
function withRegistryKeys(limits: LimitsOptions): LimitsOptions {
  return { ...limits, rateLimit: { ...limits.rateLimit, keyPrefix: 'nordic-network:rate' } };
}
