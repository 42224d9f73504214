// First: tracing must be set up before the modules it instruments are loaded.
import { tracing } from './tracing';
import { AuthConfigError, loadAuthSettings, stopOnSignals } from '@nordic/subgraph-common';
import { ConfigError, type NetworkConfig, loadNetworkConfig } from './config';
import { startNetworkService } from './service';

/** Exit codes: 0 stopped cleanly, 1 failed to start or to stop, 2 invalid configuration. */
async function main(): Promise<void> {
  let config: NetworkConfig;
  try {
    config = loadNetworkConfig(process.argv.slice(2), process.env);
    loadAuthSettings(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof AuthConfigError)) throw error;
    console.error(error.message);
    process.exitCode = 2;
    return;
  }
  const service = await startNetworkService(config);
  console.log(`network registry listening on ${service.url}`);

  stopOnSignals({
    name: 'network registry',
    close: async () => {
      await service.close();
      await tracing.shutdown();
    },
  });
}

main().catch((error: unknown) => {
  console.error(
    `network registry failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  // An identity provider's key set that is unusable (missing, or sharing a key id) is configuration too.
  process.exit(error instanceof AuthConfigError ? 2 : 1);
});
