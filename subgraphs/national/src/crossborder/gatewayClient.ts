import { ErrorCode, contractError } from '@nordic/schema';
import {
  clientKeepAlive,
  deadlineOf,
  forwardedHeaders,
  type IncomingCall,
  isAbortedRequest,
  remainingMs,
  TIME_BUDGET_HEADER,
  untilAborted,
} from '@nordic/subgraph-common';
import type { GraphQLFormattedError } from 'graphql';
import { Agent, type Dispatcher } from 'undici';

/**
 * Of the caller's time budget, what a cross-border step keeps back to answer its caller after the other
 * country's part has failed or timed out: giving back the acceptance lease, the audit row written before
 * the answer, formatting the error, the way back. A fifth of what is left, and never less than 500 ms — a
 * fixed 250 ms was too little on a busy host with PostgreSQL (the caller's gateway gave up first and
 * blamed this country with COUNTRY_TIMEOUT instead of hearing CROSS_BORDER_UNAVAILABLE).
 */
export function answerMarginMs(remaining: number): number {
  return Math.max(500, remaining / 5);
}

export interface GatewayAnswer<T> {
  data?: T | null;
  errors?: GraphQLFormattedError[];
}

/**
 * How a national service reaches other countries: through the Nordic gateway, **as the caller** — the
 * caller's own token and declared purpose are forwarded, so the other country verifies the token and
 * applies its own policy exactly as for a request from a client (no service is trusted with another
 * country's decisions). Used by the cross-border steps that change two countries' records (accepting a
 * referral opens a case in the receiving country; confirming a link stores its mirror).
 */
export class GatewayClient {
  constructor(
    private readonly url: string | null,
    private readonly timeoutMs = 10_000,
    /** The connection pool to the gateway (tests pass one whose connections never get set up). */
    private readonly dispatcher: Dispatcher = new Agent(clientKeepAlive),
  ) {}

  /** Whether a gateway is configured (a national service may run on its own, without one). */
  get configured(): boolean {
    return this.url !== null;
  }

  /**
   * Sends one operation; throws CROSS_BORDER_UNAVAILABLE when no gateway is configured, it cannot be
   * reached, or it does not answer in time. "In time" is this client's own timeout, or less when the
   * caller's request carries a time budget (`x-time-budget-ms`): then the gateway is given what is left
   * of it, less a margin to answer in, so the caller hears this step's answer before it gives up.
   */
  async request<T = Record<string, unknown>>(
    call: IncomingCall,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GatewayAnswer<T>> {
    if (!this.url) {
      throw contractError(
        ErrorCode.CROSS_BORDER_UNAVAILABLE,
        'This national service has no gateway configured (--gateway-url or GATEWAY_URL), so it cannot reach another country; nothing was changed.',
      );
    }
    const remaining = remainingMs(deadlineOf(call.headers[TIME_BUDGET_HEADER], call.receivedAt));
    const left = Number.isFinite(remaining)
      ? Math.floor(Math.min(this.timeoutMs, remaining - answerMarginMs(remaining)))
      : this.timeoutMs;
    if (left <= 0) {
      throw contractError(
        ErrorCode.CROSS_BORDER_UNAVAILABLE,
        'The request had no time left to reach the other country; nothing was changed here — retry with the same idempotency key.',
      );
    }
    const headers: Record<string, string> = {
      ...forwardedHeaders((name) => call.headers[name]),
      'content-type': 'application/json',
      [TIME_BUDGET_HEADER]: String(left),
    };
    try {
      const signal = AbortSignal.timeout(left);
      // untilAborted: the time left holds while connecting too, where undici does not apply the signal.
      const response = await untilAborted(
        this.dispatcher.request({
          origin: new URL(this.url).origin,
          path: new URL(this.url).pathname,
          method: 'POST',
          headers,
          body: JSON.stringify({ query, variables }),
          signal,
        }),
        signal,
      );
      const body = (await untilAborted(response.body.json(), signal)) as GatewayAnswer<T>;
      return body;
    } catch (error) {
      const reason = isAbortedRequest(error) ? `no answer within ${left} ms` : (error as Error).message;
      throw contractError(
        ErrorCode.CROSS_BORDER_UNAVAILABLE,
        `The Nordic gateway could not be reached (${reason}); nothing was changed here — retry with the same idempotency key.`,
      );
    }
  }
}

/** The first error of an answer as a readable line with its code, for messages that pass it on. */
export function describeAnswerError(answer: GatewayAnswer<unknown>): string {
  const first = answer.errors?.[0];
  if (!first) return 'no answer';
  return `${String(first.extensions?.code ?? 'ERROR')}: ${first.message}`;
}
