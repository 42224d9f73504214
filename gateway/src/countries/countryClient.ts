import { SpanStatusCode, trace } from '@opentelemetry/api';
import {
  type ClientTls,
  clientKeepAlive,
  isAbortedRequest,
  remainingMs,
  TIME_BUDGET_HEADER,
  untilAborted,
} from '@nordic/subgraph-common';
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

/** A country could not give an answer at all (as opposed to answering with GraphQL errors). */
export class CountryFailure extends Error {
  constructor(
    readonly code: typeof GatewayErrorCode.COUNTRY_UNAVAILABLE | typeof GatewayErrorCode.COUNTRY_TIMEOUT,
    message: string,
  ) {
    super(message);
  }
}

/** Spans of the gateway's own work (a no-op while tracing is off). */
const tracer = trace.getTracer('nordic-gateway');

export interface CountryCallObserver {
  onSuccess(country: string, latencyMs: number): void;
  onFailure(country: string, failure: CountryFailure): void;
}

/**
 * HTTP to one country's two endpoints: a keep-alive connection pool, the country's timeout, a circuit
 * breaker, and the caller's headers (Authorization, trace context) passed on unchanged.
 */
export class CountryClient {
  private readonly agent: Agent;
  private readonly urls: Record<PartitionedSubgraph, URL>;
  readonly breaker: CircuitBreaker;

  constructor(
    readonly endpoints: CountryEndpoints,
    breaker: { failureThreshold: number; resetAfterMs: number },
    private readonly observer: CountryCallObserver,
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
   * One fetch from this country, in a span `country fetch <code>` (country, subgraph and outcome code as
   * attributes) whose child, the HTTP request, carries the trace context to the country.
   */
  send(
    subgraph: PartitionedSubgraph,
    body: GraphqlBody,
    headers: Record<string, string>,
    deadline: number | null = null,
  ): Promise<GraphqlResult> {
    return tracer.startActiveSpan(
      `country fetch ${this.code}`,
      { attributes: { 'nordic.country': this.code, 'nordic.subgraph': subgraph } },
      async (span) => {
        try {
          const result = await this.fetchFrom(subgraph, body, headers, deadline);
          span.setAttribute('nordic.outcome', 'OK');
          return result;
        } catch (error) {
          span.setAttribute('nordic.outcome', error instanceof CountryFailure ? error.code : 'ERROR');
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }

  /**
   * The fetch itself. It waits for the country's own timeout, or less when the client's time budget
   * (`deadline`) ends sooner; the country is told what it has (`x-time-budget-ms`), so that its own
   * cross-border calls end in time. A timeout set by the client's budget says nothing about the country's
   * health, so it is not counted by the circuit breaker.
   */
  private async fetchFrom(
    subgraph: PartitionedSubgraph,
    body: GraphqlBody,
    headers: Record<string, string>,
    deadline: number | null,
  ): Promise<GraphqlResult> {
    const { code } = this.endpoints;
    const timeoutMs = Math.min(this.endpoints.timeoutMs, Math.floor(remainingMs(deadline)));
    const byBudget = timeoutMs < this.endpoints.timeoutMs;
    if (timeoutMs <= 0) {
      throw new CountryFailure(
        GatewayErrorCode.COUNTRY_TIMEOUT,
        `${code} was not asked: the request's time budget (${TIME_BUDGET_HEADER}) ran out first.`,
      );
    }
    if (!this.breaker.allowRequest()) {
      throw new CountryFailure(
        GatewayErrorCode.COUNTRY_UNAVAILABLE,
        `${code} is unavailable: its recent requests failed, so the gateway is not calling it for a while (circuit open).`,
      );
    }
    const started = performance.now();
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
          headers: {
            ...headers,
            'content-type': 'application/json',
            accept: 'application/json',
            [TIME_BUDGET_HEADER]: String(timeoutMs),
          },
          body: JSON.stringify(body),
          signal,
        }),
        signal,
      );
      const text = await untilAborted(response.body.text(), signal);
      const status = response.statusCode;
      let parsed: GraphqlResult | null = null;
      try {
        parsed = JSON.parse(text) as GraphqlResult;
      } catch {
        parsed = null;
      }
      if (!parsed || (parsed.data === undefined && parsed.errors === undefined)) {
        throw new CountryFailure(
          GatewayErrorCode.COUNTRY_UNAVAILABLE,
          `${code} is unavailable: it answered HTTP ${status} without a GraphQL response.`,
        );
      }
      this.breaker.recordSuccess();
      this.observer.onSuccess(code, performance.now() - started);
      return parsed;
    } catch (error) {
      const failure =
        error instanceof CountryFailure
          ? error
          : isAbortedRequest(error)
            ? new CountryFailure(
                GatewayErrorCode.COUNTRY_TIMEOUT,
                byBudget
                  ? `${code} did not answer within the ${timeoutMs} ms left of the request's time budget.`
                  : `${code} did not answer within its timeout of ${timeoutMs} ms.`,
              )
            : new CountryFailure(
                GatewayErrorCode.COUNTRY_UNAVAILABLE,
                `${code} is unavailable: ${describeNetworkError(error)}.`,
              );
      if (byBudget && failure.code === GatewayErrorCode.COUNTRY_TIMEOUT) this.breaker.recordInconclusive();
      else this.breaker.recordFailure();
      this.observer.onFailure(code, failure);
      throw failure;
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
