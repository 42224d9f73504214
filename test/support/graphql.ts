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
