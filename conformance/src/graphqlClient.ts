/**
 * The kit's only way into an implementation: GraphQL over HTTP, as any client. Every answer's error codes
 * are kept, so that the error-code checks can judge everything the implementation said during the run.
 */

/**
 * The data of an answer from an implementation under test: it has no static type (it is what is being
 * judged), so checks walk it loosely.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnswerData = any;

export interface GraphqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphqlAnswer<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: GraphqlError[];
}

export interface RequestOptions {
  /** The bearer token, or null for none. */
  token: string | null;
  /** The declared purpose (`x-purpose`), or null for none. */
  purpose?: string | null;
  variables?: Record<string, unknown>;
}

/** One error an implementation returned, with the request it answered (for the error-code checks). */
export interface SeenError {
  endpoint: string;
  query: string;
  status: number;
  code: string | undefined;
  message: string;
}

export class GraphqlClient {
  readonly seenErrors: SeenError[] = [];

  constructor(private readonly timeoutMs: number) {}

  async post<T = Record<string, AnswerData>>(
    endpoint: string,
    query: string,
    options: RequestOptions,
  ): Promise<GraphqlAnswer<T>> {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.token !== null ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.purpose ? { 'x-purpose': options.purpose } : {}),
      },
      body: JSON.stringify({ query, variables: options.variables }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    let body: { data?: T | null; errors?: GraphqlError[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = { errors: [{ message: `not a JSON answer (HTTP ${response.status}): ${text.slice(0, 200)}` }] };
    }
    for (const error of body.errors ?? []) {
      this.seenErrors.push({
        endpoint,
        query,
        status: response.status,
        code: error.extensions?.code,
        message: error.message,
      });
    }
    return { status: response.status, ...body };
  }
}

export function errorCodes(answer: GraphqlAnswer<unknown>): (string | undefined)[] {
  return (answer.errors ?? []).map((e) => e.extensions?.code);
}
