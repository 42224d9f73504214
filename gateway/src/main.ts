// First: tracing must be set up before the modules it instruments are loaded.
import { tracing } from './tracing';
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { AuthConfigError, loadAuthSettings, parseFlags, stopOnSignals } from '@nordic/subgraph-common';
import { runPrimary, reportWorkerReady } from './cluster/workers';
import { z } from 'zod';
import {
  type GatewayConfig,
  GatewayConfigError,
  loadGatewayConfig,
  splitOrigins,
} from './config/gatewayConfig';
import { corsOrigin } from './http/cors';
import { type ScaleOptions, loadScaleOptions } from './config/scaleOptions';
import { loadManifest } from './persistedQueries/manifest';
import { type RunningGateway, startNordicGateway, startPlainGateway } from './gatewayServer';

const USAGE =
  'usage: npm run start:gateway -- --config <file.yaml> | --supergraph <file.graphql> [--port N] [--host H] [--workers N|auto]';

/** What to start: a plain supergraph file, or the Nordic gateway's validated configuration. */
type Startup =
  { supergraphSdl: string; host: string; port: number; corsOrigins: string[] } | { config: GatewayConfig };

/** Reads and validates everything before anything starts (in the primary too, so errors show once). */
function readStartup(flags: Record<string, string>): { startup: Startup; scale: ScaleOptions } {
  const fail = (message: string): never => {
    console.error(`gateway: ${message}`);
    process.exit(2);
  };
  let scale: ScaleOptions;
  try {
    scale = loadScaleOptions(process.env, flags);
    loadAuthSettings(process.env);
    // Read here too, so a bad manifest stops the primary instead of every worker it would fork.
    if (scale.trustedDocuments) loadManifest(scale.trustedDocuments);
  } catch (error) {
    return fail((error as Error).message);
  }
  if (flags.supergraph) {
    let sdl = '';
    try {
      sdl = readFileSync(flags.supergraph, 'utf8');
    } catch (error) {
      fail(`cannot read --supergraph ${flags.supergraph}: ${(error as Error).message}`);
    }
    const origins = z.array(corsOrigin).safeParse(splitOrigins(process.env.GATEWAY_CORS_ORIGINS ?? ''));
    if (!origins.success)
      fail(
        `GATEWAY_CORS_ORIGINS: ${origins.error.issues[0]?.message ?? 'invalid'}; separate several with commas.`,
      );
    return {
      scale,
      startup: {
        supergraphSdl: sdl,
        host: flags.host ?? process.env.GATEWAY_HOST ?? '127.0.0.1',
        port: Number(flags.port ?? process.env.GATEWAY_PORT ?? 4000),
        corsOrigins: origins.data ?? [],
      },
    };
  }
  const file = flags.config ?? process.env.GATEWAY_CONFIG;
  if (!file) return fail(`no configuration given.\n${USAGE}`);
  const env = {
    ...process.env,
    ...(flags.port ? { GATEWAY_PORT: flags.port } : {}),
    ...(flags.host ? { GATEWAY_HOST: flags.host } : {}),
  };
  try {
    return { scale, startup: { config: loadGatewayConfig(file, env) } };
  } catch (error) {
    if (error instanceof GatewayConfigError) return fail(error.message);
    throw error;
  }
}

async function main(): Promise<void> {
  let flags: Record<string, string>;
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (error) {
    console.error(`gateway: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const { startup, scale } = readStartup(flags);
  if (scale.workers > 1 && cluster.isPrimary) {
    runPrimary(scale.workers);
    return;
  }
  const gateway: RunningGateway =
    'config' in startup
      ? await startNordicGateway(startup.config, scale)
      : await startPlainGateway({ ...startup, scale });
  if (cluster.isWorker) {
    console.log(`gateway worker ${cluster.worker?.id} serving ${gateway.url}/graphql`);
    reportWorkerReady(gateway.url);
  } else {
    console.log(
      `gateway listening on ${gateway.url}/graphql (IDE at ${gateway.url}/, status at ${gateway.url}/status)`,
    );
  }
  stopOnSignals({
    name: cluster.isWorker ? `gateway worker ${cluster.worker?.id}` : 'gateway',
    close: async () => {
      await gateway.close();
      await tracing.shutdown();
    },
  });
}

main().catch((error: unknown) => {
  console.error(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}`);
  // An identity provider's key set that is unusable (missing, or sharing a key id) is configuration too.
  process.exit(error instanceof AuthConfigError ? 2 : 1);
});
