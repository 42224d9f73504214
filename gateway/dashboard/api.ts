/** Settings the gateway writes into the page (`#nordic-dashboard-config`). */
export interface DashboardConfig {
  /** The public GraphQL endpoint: a path on this origin or an absolute URL. */
  endpoint: string;
  /** The gateway's country status (JSON). */
  statusUrl: string;
  /** First year offered in the filters. */
  firstYear: number;
}

export interface GraphqlError {
  message: string;
  extensions?: { code?: string; country?: string };
}

export interface GraphqlAnswer<T> {
  httpStatus: number;
  data: T | null;
  errors: GraphqlError[];
}

/** POSTs an operation as JSON (the gateway's CSRF prevention refuses simple requests). */
export async function postGraphql<T>(
  config: DashboardConfig,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<GraphqlAnswer<T>> {
  const response = await fetch(config.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json().catch(() => ({}))) as { data?: T | null; errors?: GraphqlError[] };
  return { httpStatus: response.status, data: body.data ?? null, errors: body.errors ?? [] };
}

export interface CountryState {
  code: string;
  /** up, down, timing_out or schema_mismatch. */
  state: string;
  inRouting: boolean;
  detail: string | null;
}

/** Each country's state as the gateway sees it; null when the status endpoint cannot be read. */
export async function fetchStatus(config: DashboardConfig): Promise<CountryState[] | null> {
  try {
    const response = await fetch(config.statusUrl, { headers: { accept: 'application/json' } });
    if (!response.ok) return null;
    const body = (await response.json()) as { countries?: CountryState[] };
    return body.countries ?? null;
  } catch {
    return null;
  }
}
