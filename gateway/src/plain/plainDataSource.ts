import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { FORWARDED_HEADERS, forwardedHeaders } from '@nordic/subgraph-common';
import type { EntityBatcher } from './entityBatcher';
import { fetchShape } from './fetchShape';
import type { SubgraphHttp } from './subgraphHttp';

/**
 * Forwarded headers that only identify one client request for tracing; they never change what a
 * subgraph answers, so they stay out of the batch and sharing keys (as for the countries'
 * in-flight sharing, transport/inFlightRequests.ts).
 */
const TRACE_ONLY: ReadonlySet<string> = new Set(['traceparent', 'tracestate', 'x-request-id']);

/** Each client request's own identity, for keys that must never span two requests. */
const requestIds = new WeakMap<object, number>();
let nextRequestId = 0;
const requestId = (owner: object): number => {
  let id = requestIds.get(owner);
  if (id === undefined) {
    id = nextRequestId++;
    requestIds.set(owner, id);
  }
  return id;
};

/**
 * The data source of every subgraph in plain mode (`--supergraph`), in place of Apollo's
 * RemoteGraphQLDataSource:
 * - passes the caller's Authorization, purpose and trace headers on (`FORWARDED_HEADERS`);
 * - `_entities` fetches go through the batcher (entityBatcher.ts): deduplicated representations, and
 *   the fetches a levelled plan starts together sent to the subgraph as one request;
 * - a query identical to one already on the wire to the same subgraph, under the same answer-changing
 *   headers, shares its answer (subgraphHttp.ts).
 * Fetches of different client requests are batched and shared only under identical Authorization and
 * other answer-changing headers, and never when the caller declares a purpose (`x-purpose`, a
 * person-level read: the subgraph audits each client read on its own). Mutations are never shared.
 */
export class PlainDataSource implements GraphQLDataSource<Record<string, unknown>> {
  constructor(
    private readonly subgraph: string,
    private readonly url: string,
    private readonly http: SubgraphHttp,
    private readonly batcher: EntityBatcher,
  ) {}

  async process(
    options: GraphQLDataSourceProcessOptions<Record<string, unknown>>,
  ): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const query = request.query ?? '';
    const incoming =
      'incomingRequestContext' in options
        ? options.incomingRequestContext?.request?.http?.headers
        : undefined;
    const headers = incoming ? forwardedHeaders((name) => incoming.get(name)) : {};
    const owner = (options.context as object | undefined) ?? {};
    const personal = headers['x-purpose'] !== undefined;
    const answerHeaders = FORWARDED_HEADERS.filter((h) => !TRACE_ONLY.has(h)).map((h) => headers[h] ?? null);
    // Never across two client requests for a person-level read.
    const scope = JSON.stringify([this.url, answerHeaders, personal ? requestId(owner) : null]);
    const shape = fetchShape(query, 'document' in options ? options.document : undefined);
    const { representations, ...variables } = (request.variables ?? {}) as Record<string, unknown>;
    if (shape.entities && Array.isArray(representations)) {
      return this.batcher.fetch(
        {
          subgraph: this.subgraph,
          url: this.url,
          headers,
          batchKey: scope,
          shareKey: personal ? null : scope,
        },
        {
          query,
          operationName: request.operationName,
          variables,
          representations: representations as Record<string, unknown>[],
          selection: shape.entities.selection,
          mergeable: shape.entities.mergeable,
          fields: shape.entities.fields,
          owner,
        },
      );
    }
    const body = JSON.stringify({
      query,
      variables: request.variables ?? {},
      ...(request.operationName ? { operationName: request.operationName } : {}),
    });
    const reply = await this.http.post(this.url, headers, body, shape.isQuery && !personal ? scope : null);
    let answer: GatewayGraphQLResponse | null = null;
    try {
      answer = JSON.parse(reply.text) as GatewayGraphQLResponse;
    } catch {
      answer = null;
    }
    if (!answer || (answer.data === undefined && answer.errors === undefined))
      throw new Error(`${this.subgraph} answered HTTP ${reply.status} without a GraphQL response.`);
    return answer;
  }
}
