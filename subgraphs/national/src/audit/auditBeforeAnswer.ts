import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode, type NationalContext } from '@nordic/schema';
import { isStoreUnavailable, storeUnavailableMessage } from '@nordic/subgraph-common';
import type { DataSource } from 'typeorm';
import { RequestAuditTrail } from './accessRecorder';

/**
 * Writes the request's accesses to the audit log before the answer leaves the service. If the write
 * fails, the answer is replaced by an error and no data is sent: there is no unaudited read. The error is
 * `STORE_UNAVAILABLE` when the database cannot be reached at all (a restart: try again shortly), and
 * `AUDIT_UNAVAILABLE` when the audit log alone refuses the write. `store` names the database in messages.
 */
export function auditBeforeAnswer(
  dataSource: DataSource,
  store: string,
): ApolloServerPlugin<NationalContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const trail = contextValue.audit;
          if (!(trail instanceof RequestAuditTrail)) return;
          try {
            await trail.flush(dataSource);
          } catch (error) {
            const unreachable = isStoreUnavailable(error);
            if (!unreachable) console.error(`audit log write failed: ${(error as Error).message}`);
            response.http.status = 503;
            response.body = {
              kind: 'single',
              singleResult: {
                errors: [
                  unreachable
                    ? {
                        message: storeUnavailableMessage(store),
                        extensions: { code: ErrorCode.STORE_UNAVAILABLE },
                      }
                    : {
                        message:
                          'The access could not be recorded in the audit log, so no data is returned. Try again later.',
                        extensions: { code: ErrorCode.AUDIT_UNAVAILABLE },
                      },
                ],
              },
            };
          }
        },
      };
    },
  };
}
