import { createHash } from 'node:crypto';
import { FORWARDED_HEADERS, type Principal } from '@nordic/subgraph-common';
import type { CountryFetch } from '../transport/countryFetch';

/**
 * Forwarded headers that do not change what a country answers: the token itself (its meaning is in
 * the scope below, not its bytes) and the trace context of one request. Every other forwarded header
 * — the declared purpose, baggage, and any added to FORWARDED_HEADERS later — is part of the key.
 */
const NOT_IN_KEY: ReadonlySet<string> = new Set([
  'authorization',
  'traceparent',
  'tracestate',
  'x-request-id',
]);

/**
 * The caller's authorisation scope: everything of the verified token a country's access decision
 * reads — issuer and home country, organisation, roles (order-free) — and the declared purpose. Not
 * the subject: callers of the same scope get the same statistics. (The audience is the one the
 * verifier accepts, the same for every token that gets this far.)
 */
function scopeOf(caller: Principal, headers: Record<string, string>): unknown[] {
  return [
    caller.issuer,
    caller.country,
    caller.organisation,
    [...caller.roles].sort(),
    FORWARDED_HEADERS.filter((name) => !NOT_IN_KEY.has(name)).map((name) => headers[name] ?? null),
  ];
}

/** The cache key of a statistics fetch: the country, the exact query and variables, and the caller's scope. */
export function statisticsCacheKey(fetch: CountryFetch, caller: Principal): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        fetch.country,
        fetch.subgraph,
        fetch.body.operationName ?? null,
        fetch.body.query,
        fetch.body.variables ?? null,
        scopeOf(caller, fetch.headers),
      ]),
    )
    .digest('base64url');
}
