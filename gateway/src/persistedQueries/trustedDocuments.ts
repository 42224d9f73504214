import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { rateDecisionOf } from '@nordic/subgraph-common';
import { PERSISTED_QUERY_ERROR_CODES } from './codes';
import { sha256Hex } from './manifest';

function notAllowed(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: PERSISTED_QUERY_ERROR_CODES.PERSISTED_QUERY_NOT_ALLOWED,
      http: { status: 400, headers: new HeaderMap() },
    },
  });
}

/** What a refused request runs up to its refusal instead of its own text, so that text is never parsed. */
const PLACEHOLDER = '{ __typename }';

/**
 * Trusted-documents mode: only the operations of the manifest (id → document) run. A request names
 * its operation by id (`extensions.persistedQuery.sha256Hash`, the query text optional) or sends a
 * registered text; anything else is refused with `PERSISTED_QUERY_NOT_ALLOWED`. The refused text is
 * never parsed, validated or stored as an automatic persisted query: the request goes on with a
 * placeholder and is refused from `didResolveOperation`, the first hook from which Apollo Server
 * answers with the plugin's status and code (an error thrown as the request starts becomes a 500).
 * A request over its rate limit is left to the limits plugin, so the client hears RATE_LIMITED and when
 * to retry (a refused document costs a rate-limit point like any request).
 */
export function trustedDocumentsPlugin<TContext extends BaseContext>(
  documents: ReadonlyMap<string, string>,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ request }) {
      const persisted = request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
      const id = typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
      const text = request.query;
      let refusal: string | null = null;
      if (id !== undefined) {
        const registered = documents.get(id);
        if (registered === undefined)
          refusal = `Operation ${id} is not registered: this gateway runs only trusted documents.`;
        else if (text !== undefined && text !== registered)
          refusal = `The query text is not the registered document of operation ${id}: this gateway runs only trusted documents.`;
        else request.query = registered;
      } else if (text === undefined || !documents.has(sha256Hex(text))) {
        refusal =
          'Only registered operations run on this gateway (trusted documents): send a registered operation id as extensions.persistedQuery.sha256Hash.';
      }
      // Resolved from the manifest here, so Apollo's automatic persisted queries neither look it up nor store it.
      if (request.extensions) delete request.extensions.persistedQuery;
      if (refusal === null) return {};
      request.query = PLACEHOLDER;
      const error = notAllowed(refusal);
      return {
        async didResolveOperation() {
          const rate = await rateDecisionOf(request);
          if (rate && !rate.allowed) return;
          throw error;
        },
      };
    },
  };
}
