/** Longer than the 10 s Apollo's drain gives requests in flight before it closes their connections. */
const STOP_TIMEOUT_MS = 15_000;

export interface StopOnSignalsOptions {
  /** How the service calls itself in its messages, e.g. `gateway`. */
  name: string;
  /** Stops accepting connections, lets requests in flight finish, closes stores and exports the last spans. */
  close(): Promise<void>;
  /** Exit 1 when close() has not finished by then (default 15 s). */
  timeoutMs?: number;
}

/**
 * Graceful shutdown on SIGTERM or SIGINT: runs `close()` once, then exits 0 (1 when it fails or takes
 * longer than the bound). A repeated signal is ignored rather than fatal, so a second Ctrl-C or an
 * orchestrator's repeated SIGTERM does not cut requests in flight short.
 */
export function stopOnSignals(options: StopOnSignalsOptions): void {
  const timeoutMs = options.timeoutMs ?? STOP_TIMEOUT_MS;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${options.name} stopping (${signal})`);
    setTimeout(() => {
      console.error(`${options.name} did not stop within ${timeoutMs / 1000} s; exiting`);
      process.exit(1);
    }, timeoutMs).unref();
    options.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`${options.name} did not stop cleanly: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
