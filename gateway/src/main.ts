// First: tracing must be set up before the modules it instruments are loaded.
import { tracing } from './tracing';
import { readFileSync } from 'node:fs';
import { parseFlags, stopOnSignals } from '@nordic/subgraph-common';
import { GatewayConfigError, loadGatewayConfig } from './config/gatewayConfig';
import { type RunningGateway, startNordicGateway, startPlainGateway } from './gatewayServer';

const USAGE =
  'usage: npm run start:gateway -- --config <file.yaml> | --supergraph <file.graphql> [--port N] [--host H]';

async function main(): Promise<void> {
  let flags: Record<string, string>;
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (error) {
    console.error(`gateway: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  let gateway: RunningGateway;
  if (flags.supergraph) {
    let sdl: string;
    try {
      sdl = readFileSync(flags.supergraph, 'utf8');
    } catch (error) {
      console.error(`gateway: cannot read --supergraph ${flags.supergraph}: ${(error as Error).message}`);
      process.exit(2);
    }
    gateway = await startPlainGateway({
      supergraphSdl: sdl,
      host: flags.host ?? process.env.GATEWAY_HOST ?? '127.0.0.1',
      port: Number(flags.port ?? process.env.GATEWAY_PORT ?? 4000),
    });
  } else {
    const file = flags.config ?? process.env.GATEWAY_CONFIG;
    if (!file) {
      console.error(`gateway: no configuration given.\n${USAGE}`);
      process.exit(2);
    }
    const env = {
      ...process.env,
      ...(flags.port ? { GATEWAY_PORT: flags.port } : {}),
      ...(flags.host ? { GATEWAY_HOST: flags.host } : {}),
    };
    let config;
    try {
      config = loadGatewayConfig(file, env);
    } catch (error) {
      if (error instanceof GatewayConfigError) {
        console.error(`gateway: ${error.message}`);
        process.exit(2);
      }
      throw error;
    }
    gateway = await startNordicGateway(config);
  }
  console.log(
    `gateway listening on ${gateway.url}/graphql (IDE at ${gateway.url}/, status at ${gateway.url}/status)`,
  );
  stopOnSignals({
    name: 'gateway',
    close: async () => {
      await gateway.close();
      await tracing.shutdown();
    },
  });
}

main().catch((error: unknown) => {
  console.error(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
