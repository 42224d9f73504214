// First: tracing must be set up before the modules it instruments are loaded.
import { tracing } from './tracing';
import { ConfigError, type NetworkConfig, loadNetworkConfig } from './config';
import { startNetworkService } from './service';

/** Longer than the 10 s Apollo gives requests in flight before it closes their connections. */
const STOP_TIMEOUT_MS = 15_000;

/** Exit codes: 0 stopped cleanly, 1 failed to start or to stop, 2 invalid configuration. */
async function main(): Promise<void> {
  let config: NetworkConfig;
  try {
    config = loadNetworkConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exitCode = 2;
    return;
  }
  const service = await startNetworkService(config);
  console.log(`network registry listening on ${service.url}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // Apollo Server listens for these signals too and raises the signal again once it has stopped,
    // so a repeated signal is expected: keep listening and ignore it rather than be killed by it.
    if (stopping) return;
    stopping = true;
    console.log(`network registry stopping (${signal})`);
    setTimeout(() => {
      console.error(`network registry did not stop within ${STOP_TIMEOUT_MS / 1000} s; exiting`);
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    service
      .close()
      .then(() => tracing.shutdown())
      .catch((error: unknown) => {
        console.error(`network registry did not stop cleanly: ${(error as Error).message}`);
        process.exit(1);
      });
  };
  // Run before Apollo Server's own handler: in @apollo/server 5.5.1 a stop() that starts while another
  // is in progress never returns, so ours must be the first, the one that finishes.
  process.prependListener('SIGINT', stop);
  process.prependListener('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(
    `network registry failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
