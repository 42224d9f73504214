import type { SignInCountry } from './signIn';

/** Settings the gateway writes into the page (`#nordic-dashboard-config`). */
export interface DashboardConfig {
  /** The public GraphQL endpoint: a path on this origin or an absolute URL. */
  endpoint: string;
  /** The gateway's country status (JSON). */
  statusUrl: string;
  /** First year offered in the filters. */
  firstYear: number;
  /** Where each country's users sign in (empty: pasting a token only). */
  signIn?: SignInCountry[];
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

/** The operation's id as persisted queries name it (sha256, hex); null where Web Crypto is unavailable (plain http off localhost). */
async function operationId(query: string): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(query));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * POSTs an operation as JSON (the gateway's CSRF prevention refuses simple requests) as a persisted
 * query: first by id alone, which a gateway in trusted-documents mode knows from its manifest; when the
 * gateway answers PERSISTED_QUERY_NOT_FOUND (automatic persisted queries, not yet registered), again
 * with the text, which registers it.
 */
export async function postGraphql<T>(
  config: DashboardConfig,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<GraphqlAnswer<T>> {
  const send = async (body: Record<string, unknown>): Promise<GraphqlAnswer<T>> => {
    const response = await fetch(config.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const answer = (await response.json().catch(() => ({}))) as { data?: T | null; errors?: GraphqlError[] };
    return { httpStatus: response.status, data: answer.data ?? null, errors: answer.errors ?? [] };
  };
  const id = await operationId(query);
  if (!id) return send({ query, variables });
  const extensions = { persistedQuery: { version: 1, sha256Hash: id } };
  const byId = await send({ variables, extensions });
  if (!byId.errors.some((e) => e.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND')) return byId;
  return send({ query, variables, extensions });
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
