import type { GraphqlBody, GraphqlResult, PartitionedSubgraph } from '../countries/countryClient';
import { FORWARDED_HEADERS } from '@nordic/subgraph-common';

/**
 * Forwarded headers that only identify one client request for tracing; they never change what a
 * country answers, so they stay out of the key. Every other forwarded header (Authorization, the
 * purpose, baggage, and any header added to FORWARDED_HEADERS later) is part of it.
 */
const TRACE_ONLY_HEADERS: ReadonlySet<string> = new Set(['traceparent', 'tracestate', 'x-request-id']);

/**
 * The identity of a country fetch: country, subgraph, the exact body, and every forwarded header that
 * can change the answer. Two fetches share a response only when all of these are equal, so two callers
 * with different tokens never do. Null — never shared — for a person-level read (it declares a
 * purpose): the owning country audits every such read one by one, under each caller's own trace id,
 * so N reads must reach it as N requests.
 */
export function inFlightKey(
  country: string,
  subgraph: PartitionedSubgraph,
  body: GraphqlBody,
  headers: Record<string, string>,
): string | null {
  if (headers['x-purpose']) return null;
  const answerHeaders = FORWARDED_HEADERS.filter((name) => !TRACE_ONLY_HEADERS.has(name)).map((name) => [
    name,
    headers[name] ?? null,
  ]);
  return JSON.stringify([
    country,
    subgraph,
    answerHeaders,
    body.operationName ?? null,
    body.query,
    body.variables ?? null,
  ]);
}

/**
 * In-flight deduplication of identical country fetches (queries only: the caller never passes a
 * mutation): while one fetch is on the wire, an identical one waits for the same answer instead of
 * sending a second HTTP request. Nothing is kept once the answer is in — this is not a cache.
 * Each waiter gets its own copy of the answer, since the query planner merges into what it receives.
 */
export class InFlightRequests {
  private readonly pending = new Map<string, Promise<GraphqlResult>>();

  /** `onShared` hears of every fetch answered by another caller's request (for the metrics). */
  constructor(
    private readonly onShared: (country: string, subgraph: PartitionedSubgraph) => void = () => {},
  ) {}

  share(
    key: string,
    fetch: { country: string; subgraph: PartitionedSubgraph },
    send: () => Promise<GraphqlResult>,
  ): Promise<GraphqlResult> {
    const existing = this.pending.get(key);
    if (existing) {
      this.onShared(fetch.country, fetch.subgraph);
      return existing.then((answer) => structuredClone(answer));
    }
    const request = send().finally(() => this.pending.delete(key));
    this.pending.set(key, request);
    return request;
  }

  /** Fetches on the wire now. */
  get size(): number {
    return this.pending.size;
  }
}
