import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { forwardedHeaders } from '@nordic/subgraph-common';

/**
 * The standard federation data source for ordinary (non-partitioned) subgraphs, passing on the
 * caller's Authorization and trace headers unchanged (the same list the country transport forwards).
 */
export class ForwardHeadersDataSource extends RemoteGraphQLDataSource<Record<string, unknown>> {
  override willSendRequest(options: GraphQLDataSourceProcessOptions<Record<string, unknown>>): void {
    if (!('incomingRequestContext' in options) || !options.incomingRequestContext) return;
    const incoming = options.incomingRequestContext.request.http?.headers;
    const headers = forwardedHeaders((name) => incoming?.get(name));
    for (const [name, value] of Object.entries(headers)) options.request.http?.headers.set(name, value);
  }
}
