import { ErrorCode, contractError } from '@nordic/schema';
import { type IncomingCall, setByTracing } from '@nordic/subgraph-common';
import type { GraphQLFormattedError } from 'graphql';
import { request } from 'undici';

/** Headers of the caller's request that a cross-border step passes on unchanged. */
const FORWARDED = ['authorization', 'x-purpose', 'traceparent', 'tracestate', 'x-request-id'] as const;

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
  ) {}

  /** Sends one operation; throws CROSS_BORDER_UNAVAILABLE when no gateway is configured or it cannot be reached. */
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
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    for (const name of FORWARDED) {
      if (setByTracing(name)) continue;
      const value = call.headers[name];
      const text = Array.isArray(value) ? value[0] : value;
      if (text) headers[name] = text;
    }
    try {
      const response = await request(this.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      const body = (await response.body.json()) as GatewayAnswer<T>;
      return body;
    } catch (error) {
      throw contractError(
        ErrorCode.CROSS_BORDER_UNAVAILABLE,
        `The Nordic gateway could not be reached (${(error as Error).message}); nothing was changed here — retry with the same idempotency key.`,
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
