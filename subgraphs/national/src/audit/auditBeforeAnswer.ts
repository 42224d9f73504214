import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode, type NationalContext } from '@nordic/schema';
import type { DataSource } from 'typeorm';
import { RequestAuditTrail } from './accessRecorder';

/**
 * Writes the request's accesses to the audit log before the answer leaves the service. If the write
 * fails, the answer is replaced by an error and no data is sent: there is no unaudited read.
 */
export function auditBeforeAnswer(dataSource: DataSource): ApolloServerPlugin<NationalContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const trail = contextValue.audit;
          if (!(trail instanceof RequestAuditTrail)) return;
          try {
            await trail.flush(dataSource);
          } catch (error) {
            console.error(`audit log write failed: ${(error as Error).message}`);
            response.http.status = 503;
            response.body = {
              kind: 'single',
              singleResult: {
                errors: [
                  {
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
