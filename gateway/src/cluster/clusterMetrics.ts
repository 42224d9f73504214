import cluster, { type Worker } from 'node:cluster';
import type { RequestHandler } from 'express';
import { AggregatorRegistry, type Registry } from 'prom-client';

/**
 * `/metrics` of a gateway run with `--workers`: whichever worker gets the scrape answers for all of them.
 *
 * The worker asks the primary over the cluster's IPC channel; the primary collects every ready worker's
 * registry (`getMetricsAsJSON()`) and sums them with prom-client's `AggregatorRegistry.aggregate`
 * (counters and histograms summed, gauges by their `aggregator`), and the worker answers with that text.
 *
 * Not `AggregatorRegistry#clusterMetrics()`, though it does the same round trip: it asks every connected
 * worker, and Node drops a message that reaches a worker before the worker listens for it, so during the
 * second or so a (replacement) worker spends loading modules every scrape would wait out prom-client's
 * fixed 5 s and fail; and a worker that exits mid-scrape fails the scrape the same way. Here the primary
 * asks only the workers that have reported ready, a worker that exits counts no more (its counters went
 * with it), and each worker sends its own ServiceMetrics registry, with no module-wide
 * `AggregatorRegistry.setRegistries` to keep in step.
 */

/** How long the primary waits for each worker's metrics before the scrape fails. */
const COLLECT_TIMEOUT_MS = 3_000;
/**
 * How long a worker waits for the primary before it answers 503: longer than the primary's own wait, so
 * the primary's reason arrives first, and shorter than Prometheus's default 10 s scrape timeout.
 */
const SCRAPE_TIMEOUT_MS = 5_000;

type RegistryMetrics = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

/** Worker to primary: a scrape arrived, send the cluster's metrics. */
interface ScrapeRequest {
  type: 'gateway-metrics-scrape';
  id: number;
}
/** Primary to worker: the cluster's metrics in Prometheus text, or why there are none. */
interface ScrapeAnswer {
  type: 'gateway-metrics-scraped';
  id: number;
  text?: string;
  error?: string;
}
/** Primary to worker: send your registry's metrics. */
interface CollectRequest {
  type: 'gateway-metrics-collect';
  id: number;
}
/** Worker to primary: its registry's metrics, as prom-client's JSON. */
interface CollectAnswer {
  type: 'gateway-metrics-collected';
  id: number;
  metrics?: RegistryMetrics;
  error?: string;
}
type MetricsMessage = ScrapeRequest | ScrapeAnswer | CollectRequest | CollectAnswer;

function messageOf<T extends MetricsMessage['type']>(
  message: unknown,
  type: T,
): Extract<MetricsMessage, { type: T }> | null {
  return (message as MetricsMessage | null)?.type === type
    ? (message as Extract<MetricsMessage, { type: T }>)
    : null;
}

/** In the primary: answers the workers' scrapes with the metrics of every worker in `readyWorkers()`. */
export function serveClusterMetrics(readyWorkers: () => Worker[]): void {
  let nextId = 0;
  const asked = new Map<number, { worker: Worker; settle: (result: RegistryMetrics | Error) => void }>();

  const collect = (worker: Worker) =>
    new Promise<RegistryMetrics>((resolve, reject) => {
      const id = nextId++;
      const settle = (result: RegistryMetrics | Error) => {
        clearTimeout(timer);
        asked.delete(id);
        if (result instanceof Error) reject(result);
        else resolve(result);
      };
      const timer = setTimeout(
        () =>
          settle(
            new Error(
              `worker ${worker.id} (pid ${worker.process.pid}) did not send its metrics within ${COLLECT_TIMEOUT_MS / 1000} s`,
            ),
          ),
        COLLECT_TIMEOUT_MS,
      );
      asked.set(id, { worker, settle });
      // A worker that is gone by now has no counters left to count.
      worker.send({ type: 'gateway-metrics-collect', id } satisfies CollectRequest, (error) => {
        if (error) settle([]);
      });
    });

  cluster.on('exit', (worker) => {
    for (const entry of asked.values()) if (entry.worker === worker) entry.settle([]);
  });
  cluster.on('message', (from, message: unknown) => {
    const collected = messageOf(message, 'gateway-metrics-collected');
    if (collected) {
      asked
        .get(collected.id)
        ?.settle(collected.metrics ?? new Error(`worker ${from.id}: ${collected.error ?? 'no metrics'}`));
      return;
    }
    const scrape = messageOf(message, 'gateway-metrics-scrape');
    if (!scrape) return;
    // The asking worker is serving even if its ready message is still on its way.
    const workers = new Set([...readyWorkers(), from].filter((w) => w.isConnected()));
    Promise.all([...workers].map(collect))
      .then((all) => AggregatorRegistry.aggregate(all).metrics())
      .then(
        (text) => ({ text }),
        (error: Error) => ({ error: error.message }),
      )
      .then((answer) => {
        if (from.isConnected())
          from.send(
            { type: 'gateway-metrics-scraped', id: scrape.id, ...answer } satisfies ScrapeAnswer,
            () => {},
          );
      });
  });
}

export interface ClusterMetricsOptions {
  /** This worker's registry (its ServiceMetrics'): what it sends when the primary collects. */
  registry: Registry;
  /** How long a scrape waits for the primary before it is answered 503 (default 5 s). */
  timeoutMs?: number;
}

/**
 * In a worker: the `/metrics` route, answered with the metrics of every worker (in the registry's content
 * type), or 503 with a plain message when the primary cannot say within `timeoutMs`. Also sends this
 * worker's metrics whenever the primary collects them for a scrape that reached another worker.
 */
export function clusterMetricsRoute(options: ClusterMetricsOptions): RequestHandler {
  const { registry, timeoutMs = SCRAPE_TIMEOUT_MS } = options;
  const waiting = new Map<number, (answer: { text?: string; error?: string }) => void>();
  let nextId = 0;
  const send = (message: MetricsMessage, onError: (error: Error) => void) =>
    process.send?.(message, (error: Error | null) => {
      if (error) onError(error);
    });

  process.on('message', (message: unknown) => {
    const collect = messageOf(message, 'gateway-metrics-collect');
    if (collect) {
      registry
        .getMetricsAsJSON()
        .then(
          (metrics) => ({ metrics }),
          (error: Error) => ({ error: error.message }),
        )
        .then((answer) => send({ type: 'gateway-metrics-collected', id: collect.id, ...answer }, () => {}));
      return;
    }
    const scraped = messageOf(message, 'gateway-metrics-scraped');
    // An answer that comes after the timeout finds no one waiting.
    if (scraped) waiting.get(scraped.id)?.(scraped);
  });

  return (_req, res) => {
    const id = nextId++;
    const answer = ({ text, error }: { text?: string; error?: string }) => {
      clearTimeout(timer);
      waiting.delete(id);
      if (text !== undefined) {
        res.type(registry.contentType).send(text);
        return;
      }
      console.error(`gateway worker ${cluster.worker?.id}: /metrics answered 503: ${error}`);
      res.status(503).type('text/plain').send(`metrics of the gateway's workers unavailable: ${error}\n`);
    };
    const timer = setTimeout(
      () => answer({ error: `the cluster primary did not answer within ${timeoutMs / 1000} s` }),
      timeoutMs,
    );
    waiting.set(id, answer);
    send({ type: 'gateway-metrics-scrape', id }, (error) => answer({ error: error.message }));
  };
}
