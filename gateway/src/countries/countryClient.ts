import { type ClientTls, clientKeepAlive, isAbortedRequest, untilAborted } from '@nordic/subgraph-common';
import { Agent } from 'undici';
import { GatewayErrorCode } from '../errors';
import { CircuitBreaker } from './circuitBreaker';

export type PartitionedSubgraph = 'national' | 'crossborder';

export interface CountryEndpoints {
  code: string;
  national: string;
  crossborder: string;
  timeoutMs: number;
}

export interface GraphqlBody {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string | null;
}

export interface GraphqlResult {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/**
 * A country could not give an answer at all (as opposed to answering with GraphQL errors): it timed out,
 * was unavailable, or was not asked (not connected, out of routing, circuit open, budget spent).
 */
export class CountryFailure extends Error {
  constructor(
    readonly code: GatewayErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface CountryCallObserver {
  onSuccess(country: string, latencyMs: number): void;
  onFailure(country: string, failure: CountryFailure): void;
}

/**
 * One country's two endpoints over HTTP: a keep-alive connection pool, its timeout and its circuit
 * breaker. How a fetch is made (time budget, breaker, tracing, logs, headers) is the transport's hooks'
 * business (gateway/src/transport); this only sends the request the hooks prepared.
 */
export class CountryClient {
  private readonly agent: Agent;
  private readonly urls: Record<PartitionedSubgraph, URL>;
  readonly breaker: CircuitBreaker;

  constructor(
    readonly endpoints: CountryEndpoints,
    breaker: { failureThreshold: number; resetAfterMs: number },
    tls: ClientTls | null = null,
  ) {
    // A connection that is not set up within the country's timeout is given up (undici's default waits
    // 10 s), so a country that drops packets does not keep the pool's connections pending.
    this.agent = countryAgent(tls, endpoints.timeoutMs);
    this.urls = { national: new URL(endpoints.national), crossborder: new URL(endpoints.crossborder) };
    this.breaker = new CircuitBreaker(breaker);
  }

  get code(): string {
    return this.endpoints.code;
  }

  /**
   * POSTs one GraphQL request and waits at most `timeoutMs`; anything but a GraphQL response is a
   * `CountryFailure` (COUNTRY_TIMEOUT or COUNTRY_UNAVAILABLE). `byBudget` only words the timeout.
   */
  async post(
    subgraph: PartitionedSubgraph,
    body: GraphqlBody,
    headers: Record<string, string>,
    timeoutMs: number,
    byBudget: boolean,
  ): Promise<GraphqlResult> {
    const { code } = this.endpoints;
    try {
      // undici's request API on a per-country keep-alive pool: markedly cheaper per call than fetch().
      const url = this.urls[subgraph];
      const signal = AbortSignal.timeout(timeoutMs);
      // untilAborted: the timeout holds while connecting too, where undici does not apply the signal.
      const response = await untilAborted(
        this.agent.request({
          origin: url.origin,
          path: url.pathname + url.search,
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(body),
          signal,
        }),
        signal,
      );
      const text = await untilAborted(response.body.text(), signal);
      let parsed: GraphqlResult | null = null;
      try {
        parsed = JSON.parse(text) as GraphqlResult;
      } catch {
        parsed = null;
      }
      if (!parsed || (parsed.data === undefined && parsed.errors === undefined)) {
        throw new CountryFailure(
          GatewayErrorCode.COUNTRY_UNAVAILABLE,
          `${code} is unavailable: it answered HTTP ${response.statusCode} without a GraphQL response.`,
        );
      }
      return parsed;
    } catch (error) {
      if (error instanceof CountryFailure) throw error;
      if (isAbortedRequest(error))
        throw new CountryFailure(
          GatewayErrorCode.COUNTRY_TIMEOUT,
          byBudget
            ? `${code} did not answer within the ${timeoutMs} ms left of the request's time budget.`
            : `${code} did not answer within its timeout of ${timeoutMs} ms.`,
        );
      throw new CountryFailure(
        GatewayErrorCode.COUNTRY_UNAVAILABLE,
        `${code} is unavailable: ${describeNetworkError(error)}.`,
      );
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/**
 * A keep-alive pool to one country; with `tls`, every connection presents the gateway's client
 * certificate (mutual TLS) and trusts the countries' CA.
 */
export function countryAgent(tls: ClientTls | null, connectTimeoutMs?: number): Agent {
  return new Agent({
    ...clientKeepAlive,
    connections: 64,
    pipelining: 1,
    connect: {
      ...(connectTimeoutMs === undefined ? {} : { timeout: connectTimeoutMs }),
      ...(tls ? { cert: tls.cert, key: tls.key, ...(tls.ca ? { ca: tls.ca } : {}) } : {}),
    },
  });
}

function describeNetworkError(error: unknown): string {
  const direct = (error as { code?: string }).code;
  if (direct === 'ECONNREFUSED') return 'connection refused';
  if (direct === 'ECONNRESET' || direct === 'UND_ERR_SOCKET') return 'connection reset';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (cause?.code === 'ECONNRESET') return 'connection reset';
  if (cause?.code === 'ENOTFOUND') return 'host not found';
  if (typeof cause?.code === 'string' && /CERT|SSL|TLS/.test(cause.code)) return `TLS failed (${cause.code})`;
  if (typeof direct === 'string' && /CERT|SSL|TLS/.test(direct)) return `TLS failed (${direct})`;
  return cause?.message ?? (error as Error).message ?? 'request failed';
}
