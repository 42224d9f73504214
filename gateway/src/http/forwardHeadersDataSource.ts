import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { setByTracing } from '@nordic/subgraph-common';
import { FORWARDED_HEADERS } from '../routing/forwardedHeaders';

/**
 * The standard federation data source for ordinary (non-partitioned) subgraphs, passing on the
 * caller's Authorization and trace headers unchanged.
 */
export class ForwardHeadersDataSource extends RemoteGraphQLDataSource<Record<string, unknown>> {
  override willSendRequest(options: GraphQLDataSourceProcessOptions<Record<string, unknown>>): void {
    if (!('incomingRequestContext' in options) || !options.incomingRequestContext) return;
    const incoming = options.incomingRequestContext.request.http?.headers;
    for (const name of FORWARDED_HEADERS) {
      if (setByTracing(name)) continue;
      const value = incoming?.get(name);
      if (value) options.request.http?.headers.set(name, value);
    }
  }
}
