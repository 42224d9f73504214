import { ErrorCode, contractError } from '@nordic/schema';
import {
  clientKeepAlive,
  composeFetch,
  deadlineOf,
  type FetchHookOf,
  type IncomingCall,
  isAbortedRequest,
  type OutgoingFetch,
  TIME_BUDGET_HEADER,
  untilAborted,
  usePropagateHeaders,
  useTimeBudget,
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
    private readonly hooks: readonly FetchHookOf<
      CrossBorderFetch,
      GatewayAnswer<unknown>
    >[] = CROSS_BORDER_HOOKS,
  ) {}

  /** Whether a gateway is configured (a national service may run on its own, without one). */
  get configured(): boolean {
    return this.url !== null;
  }

  /**
   * Sends one operation through the shared fetch hooks (`composeFetch`, as the gateway's country
   * fetches); throws CROSS_BORDER_UNAVAILABLE when no gateway is configured, it cannot be reached, or it
   * does not answer in time. "In time" is this client's own timeout, or less when the caller's request
   * carries a time budget (`x-time-budget-ms`): then the gateway is given what is left of it, less a
   * margin to answer in (`answerMarginMs`), so the caller hears this step's answer before it gives up.
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
    const url = new URL(this.url);
    const fetch: CrossBorderFetch = {
      headers: { 'content-type': 'application/json' },
      timeoutMs: this.timeoutMs,
      byBudget: false,
      deadline: deadlineOf(call.headers[TIME_BUDGET_HEADER], call.receivedAt),
      incomingHeader: (name) => headerValue(call.headers[name]),
      body: JSON.stringify({ query, variables }),
    };
    const send = composeFetch<CrossBorderFetch, GatewayAnswer<unknown>>(this.hooks, async (f) => {
      try {
        const signal = AbortSignal.timeout(f.timeoutMs);
        // untilAborted: the time left holds while connecting too, where undici does not apply the signal.
        const response = await untilAborted(
          this.dispatcher.request({
            origin: url.origin,
            path: url.pathname,
            method: 'POST',
            headers: f.headers,
            body: f.body,
            signal,
          }),
          signal,
        );
        return (await untilAborted(response.body.json(), signal)) as GatewayAnswer<unknown>;
      } catch (error) {
        const reason = isAbortedRequest(error)
          ? `no answer within ${f.timeoutMs} ms`
          : (error as Error).message;
        throw contractError(
          ErrorCode.CROSS_BORDER_UNAVAILABLE,
          `The Nordic gateway could not be reached (${reason}); nothing was changed here — retry with the same idempotency key.`,
        );
      }
    });
    return (await send(fetch)) as GatewayAnswer<T>;
  }
}

/** A call back through the gateway, as it passes through the shared fetch hooks. */
interface CrossBorderFetch extends OutgoingFetch {
  readonly body: string;
}

/** The hooks of every cross-border call, outermost first: the caller's headers, then its time budget. */
const CROSS_BORDER_HOOKS = [
  usePropagateHeaders<CrossBorderFetch, GatewayAnswer<unknown>>(),
  useTimeBudget<CrossBorderFetch, GatewayAnswer<unknown>>({
    marginMs: answerMarginMs,
    spent: () =>
      contractError(
        ErrorCode.CROSS_BORDER_UNAVAILABLE,
        'The request had no time left to reach the other country; nothing was changed here — retry with the same idempotency key.',
      ),
  }),
];

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The first error of an answer as a readable line with its code, for messages that pass it on. */
export function describeAnswerError(answer: GatewayAnswer<unknown>): string {
  const first = answer.errors?.[0];
  if (!first) return 'no answer';
  return `${String(first.extensions?.code ?? 'ERROR')}: ${first.message}`;
}
