import type { ServiceMetrics } from '@nordic/subgraph-common';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { RoutingLog } from '../logs/routingLog';
import type { CountryRegistry } from './countryRegistry';
import type { PartitionedSubgraph } from './countryClient';

const CIRCUIT: Record<string, number> = { closed: 0, 'half-open': 1, open: 2 };

/**
 * Per-country gateway metrics: whether each country is up and in routing, its circuit breaker
 * (0 closed, 1 half-open, 2 open), both read from the registry at scrape time, and the latency of
 * every country fetch by country, subgraph and outcome (fed by the routing log's entries).
 *
 * With `--workers`, each worker has its own breakers and country states, and `/metrics` aggregates them
 * to the worst worker: `country_up` the minimum, `country_circuit_state` the maximum. A country that one
 * worker has taken out of routing fails that worker's share of the requests, so it is not fully served;
 * an alert on either gauge then fires for it. (Not a `worker` label: worker ids change with every
 * replacement, and each would be one more series per country.)
 */
export function observeCountries(metrics: ServiceMetrics, registry: CountryRegistry): RoutingLog {
  new Gauge({
    name: 'country_up',
    help: '1 when the country is up and in routing, else 0.',
    labelNames: ['country'],
    registers: [metrics.registry],
    aggregator: 'min',
    collect() {
      for (const c of registry.snapshot())
        this.set({ country: c.code }, c.state === 'up' && c.inRouting ? 1 : 0);
    },
  });
  new Gauge({
    name: 'country_circuit_state',
    help: "The country's circuit breaker: 0 closed, 1 half-open, 2 open.",
    labelNames: ['country'],
    registers: [metrics.registry],
    aggregator: 'max',
    collect() {
      for (const c of registry.snapshot()) this.set({ country: c.code }, CIRCUIT[c.circuit] ?? -1);
    },
  });
  const fetches = new Histogram({
    name: 'country_fetch_duration_seconds',
    help: 'Country fetches of the partition router by country, subgraph and outcome.',
    labelNames: ['country', 'subgraph', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metrics.registry],
  });
  return (entry) =>
    fetches.observe(
      { country: entry.servingCountry, subgraph: entry.subgraph, outcome: entry.outcome },
      entry.latencyMs / 1000,
    );
}

/**
 * Country fetches answered by an identical fetch already in flight (in-flight deduplication): they
 * appear in `country_fetch_duration_seconds` like every fetch, but cost the country no request.
 */
export function observeSharedFetches(
  metrics: ServiceMetrics,
): (country: string, subgraph: PartitionedSubgraph) => void {
  const shared = new Counter({
    name: 'country_fetches_shared_total',
    help: 'Country fetches answered by an identical fetch in flight, by country and subgraph (no request sent).',
    labelNames: ['country', 'subgraph'],
    registers: [metrics.registry],
  });
  return (country, subgraph) => shared.inc({ country, subgraph });
}

/**
 * Entity representations per entity fetch of the query planner, before and after the partition router
 * drops repeated ones (the planner sends one per occurrence, e.g. the same Swedish case behind five
 * links): `entity_representations_planned_total` and `entity_representations_sent_total`, by subgraph.
 * Their ratio is what representation deduplication saves the countries.
 */
export function observeRepresentations(
  metrics: ServiceMetrics,
): (subgraph: PartitionedSubgraph, planned: number, sent: number) => void {
  const planned = new Counter({
    name: 'entity_representations_planned_total',
    help: 'Entity representations the query planner asked for, repeats included, by subgraph.',
    labelNames: ['subgraph'],
    registers: [metrics.registry],
  });
  const sent = new Counter({
    name: 'entity_representations_sent_total',
    help: 'Distinct entity representations sent to their owning countries, by subgraph.',
    labelNames: ['subgraph'],
    registers: [metrics.registry],
  });
  return (subgraph, p, s) => {
    planned.inc({ subgraph }, p);
    sent.inc({ subgraph }, s);
  };
}
