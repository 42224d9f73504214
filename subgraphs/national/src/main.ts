// First: tracing must be set up before the modules it instruments are loaded.
import { tracing } from './tracing';
import { AuthConfigError, loadAuthSettings, stopOnSignals } from '@nordic/subgraph-common';
import { loadNationalConfig } from './config';
import { startNationalService } from './service';

async function main(): Promise<void> {
  let config;
  try {
    config = loadNationalConfig(process.argv.slice(2));
    loadAuthSettings(process.env);
  } catch (error) {
    console.error(`national service: ${(error as Error).message}`);
    process.exit(2);
  }
  const service = await startNationalService(config);
  console.log(
    `${config.country} national service listening on ${service.url}/graphql (crossborder: ${service.url}/crossborder/graphql)`,
  );
  stopOnSignals({
    name: `${config.country} national service`,
    close: async () => {
      await service.close();
      await tracing.shutdown();
    },
  });
}

main().catch((error: unknown) => {
  console.error(
    `national service failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  // An identity provider's key set that is unusable (missing, or sharing a key id) is configuration too.
  process.exit(error instanceof AuthConfigError ? 2 : 1);
});
