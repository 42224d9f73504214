import cluster, { type Worker } from 'node:cluster';
import { serveClusterMetrics } from './clusterMetrics';

/** A worker tells the primary it is serving, so the primary can say when the whole gateway is. */
interface ReadyMessage {
  type: 'gateway-ready';
  url: string;
}

function isReady(message: unknown): message is ReadyMessage {
  return (message as ReadyMessage | null)?.type === 'gateway-ready';
}

/** In a worker: reports to the primary that this worker listens at `url` (no-op without a cluster). */
export function reportWorkerReady(url: string): void {
  if (cluster.isWorker && process.send) process.send({ type: 'gateway-ready', url } satisfies ReadyMessage);
}

/** More replacements than this within `RESTART_WINDOW_MS` means the workers cannot stay up: give up. */
const MAX_RESTARTS = 10;
const RESTART_WINDOW_MS = 60_000;
/** How long a graceful stop may take before the remaining workers are killed. */
const STOP_TIMEOUT_MS = 30_000;

/**
 * The cluster primary: forks `workers` gateway processes that share the listening port (node:cluster
 * hands connections to them in turn), replaces a worker that dies, and on SIGTERM or SIGINT passes
 * the signal to every worker and exits once they have finished their in-flight requests.
 * The primary itself serves nothing, but answers a worker's `/metrics` scrape with the metrics of all
 * ready workers (see `clusterMetrics.ts`).
 */
export function runPrimary(workers: number): void {
  let stopping = false;
  let announced = false;
  const restarts: number[] = [];
  const ready = new Map<number, Worker>();

  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.on('message', (message: unknown) => {
      if (!isReady(message)) return;
      ready.set(worker.id, worker);
      console.log(`gateway worker ${worker.id} (pid ${worker.process.pid}) ready`);
      if (!announced && ready.size >= workers) {
        announced = true;
        console.log(
          `gateway listening on ${message.url}/graphql with ${workers} workers (primary pid ${process.pid})`,
        );
      }
    });
    return worker;
  };

  cluster.on('exit', (worker, code, signal) => {
    ready.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    const now = Date.now();
    restarts.push(now);
    while ((restarts[0] ?? now) < now - RESTART_WINDOW_MS) restarts.shift();
    if (restarts.length > MAX_RESTARTS) {
      console.error(
        `gateway: workers died ${restarts.length} times within ${RESTART_WINDOW_MS / 1000} s; stopping (see the workers' errors above)`,
      );
      stop(1);
      return;
    }
    console.error(
      `gateway worker ${worker.id} (pid ${worker.process.pid}) exited (${signal ?? `code ${code}`}); starting a replacement`,
    );
    fork();
  });

  const stop = (exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    process.exitCode = exitCode;
    const remaining = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    if (remaining.length === 0) process.exit();
    for (const worker of remaining) worker.process.kill('SIGTERM');
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
  };
  process.once('SIGTERM', () => stop());
  process.once('SIGINT', () => stop());

  serveClusterMetrics(() => [...ready.values()]);
  for (let i = 0; i < workers; i++) fork();
}
