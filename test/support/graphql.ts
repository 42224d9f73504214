import { defaultTestToken } from './auth';

export interface GraphqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: GraphqlError[];
}

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
