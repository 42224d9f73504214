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
  readonly breaker: CircuitBreaker;

  constructor(
    readonly endpoints: CountryEndpoints,
    breaker: { failureThreshold: number; resetAfterMs: number },
    private readonly observer: CountryCallObserver,
  ) {
    this.agent = new Agent({ keepAliveTimeout: 30_000, connections: 64, pipelining: 1 });
    this.breaker = new CircuitBreaker(breaker);
  }

  get code(): string {
    return this.endpoints.code;
  }

  async send(
    subgraph: PartitionedSubgraph,
    body: GraphqlBody,
    headers: Record<string, string>,
  ): Promise<GraphqlResult> {
    const { code, timeoutMs } = this.endpoints;
    if (!this.breaker.allowRequest()) {
      throw new CountryFailure(
        GatewayErrorCode.COUNTRY_UNAVAILABLE,
        `${code} is unavailable: its recent requests failed, so the gateway is not calling it for a while (circuit open).`,
      );
    }
    const started = performance.now();
    try {
      // Node's fetch takes undici's `dispatcher` (our keep-alive pool); the DOM RequestInit type does not list it.
      const init = {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        dispatcher: this.agent,
      } as RequestInit;
      const response = await fetch(this.endpoints[subgraph], init);
      const text = await response.text();
      let parsed: GraphqlResult | null = null;
      try {
        parsed = JSON.parse(text) as GraphqlResult;
      } catch {
        parsed = null;
      }
      if (!parsed || (parsed.data === undefined && parsed.errors === undefined)) {
        throw new CountryFailure(
          GatewayErrorCode.COUNTRY_UNAVAILABLE,
          `${code} is unavailable: it answered HTTP ${response.status} without a GraphQL response.`,
        );
      }
      this.breaker.recordSuccess();
      this.observer.onSuccess(code, performance.now() - started);
      return parsed;
    } catch (error) {
      const failure =
        error instanceof CountryFailure
          ? error
          : (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError'
            ? new CountryFailure(
                GatewayErrorCode.COUNTRY_TIMEOUT,
                `${code} did not answer within its timeout of ${timeoutMs} ms.`,
              )
            : new CountryFailure(
                GatewayErrorCode.COUNTRY_UNAVAILABLE,
                `${code} is unavailable: ${describeNetworkError(error)}.`,
              );
      this.breaker.recordFailure();
      this.observer.onFailure(code, failure);
      throw failure;
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (cause?.code === 'ECONNRESET') return 'connection reset';
  if (cause?.code === 'ENOTFOUND') return 'host not found';
  return cause?.message ?? (error as Error).message ?? 'request failed';
}
