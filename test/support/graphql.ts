import type { GraphqlAnswer, GraphqlError } from '../../conformance/src/graphqlClient';
import { defaultTestToken } from './auth';

/** The shapes of a GraphQL answer over HTTP: the conformance kit's, which talks to services as any client. */
export type { GraphqlError } from '../../conformance/src/graphqlClient';
export type GraphqlResponse<T = Record<string, unknown>> = GraphqlAnswer<T>;

/** POSTs a GraphQL operation over real HTTP, as any client would. */
export async function postGraphql<T = Record<string, any>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  options: { token?: string | null; purpose?: string | null } = {},
): Promise<GraphqlResponse<T>> {
  const token = options.token === undefined ? await defaultTestToken() : options.token;
  const purpose = options.purpose === undefined ? 'VICTIM_ASSISTANCE_CONTINUITY' : options.purpose;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      // The default test caller is a coordinator working on a victim's continuity of care.
      ...(purpose ? { 'x-purpose': purpose } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: GraphqlError[] };
  return { status: response.status, ...body };
}

export function errorCodes(response: GraphqlResponse<unknown>): (string | undefined)[] {
  return (response.errors ?? []).map((e) => e.extensions?.code);
}

/** [code, country] of each failure, once per country and code (the directory's unconnected entries aside). */
export function countryFailures(response: GraphqlResponse<unknown>): [string, string][] {
  const seen = new Map<string, [string, string]>();
  for (const e of response.errors ?? []) {
    const code = String(e.extensions?.code);
    if (code !== 'COUNTRY_NOT_CONNECTED')
      seen.set(`${code}|${e.extensions?.country}`, [code, String(e.extensions?.country)]);
  }
  return [...seen.values()];
}
