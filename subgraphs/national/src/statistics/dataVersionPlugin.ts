import { createHash } from 'node:crypto';
import { type ApolloServerPlugin, HeaderMap } from '@apollo/server';
import type { NationalContext } from '@nordic/schema';
import type { DataSource } from 'typeorm';

/**
 * The request header by which a caller (the gateway's statistics cache) asks for this store's data
 * version: `*` to have it reported with the answer, or the version its cached answer was computed at.
 */
export const DATA_VERSION_HEADER = 'x-data-version';

/**
 * The current data version: an opaque label of the store's random epoch and the counter every write
 * moves on (migration 1797410000000). Only equality matters to the cache, so the label is a hash: a
 * caller learns whether the data changed, never how many writes there were (the counter itself would
 * tell anyone with a token the store's write activity).
 */
export async function readDataVersion(dataSource: DataSource): Promise<string> {
  const rows = (await dataSource.query('SELECT "epoch", "version" FROM "data_version" WHERE "id" = 1')) as {
    epoch: string;
    version: number | string;
  }[];
  const row = rows[0];
  if (!row) throw new Error('data_version has no row: the store was not migrated');
  return createHash('sha256').update(`${row.epoch}.${row.version}`).digest('base64url').slice(0, 22);
}

/**
 * Reports the store's data version to a caller that asks for it (`x-data-version`), read before the
 * operation runs, so an answer is never labelled with a version newer than the data it was computed
 * from (a write in between only makes the next check miss). When the caller already holds the answer
 * at the current version, it is told so (`extensions.dataVersionUnchanged`) with no data, and the
 * operation does not run: only the caller that asked with that version, for a query whose answer it
 * cached, can make use of it, and a caller without a valid token never gets this far.
 */
export function dataVersionPlugin(dataSource: DataSource): ApolloServerPlugin<NationalContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      const asked = request.http?.headers.get(DATA_VERSION_HEADER);
      // Write activity is not told to a caller without a token (a data-free probe).
      if (!asked || !contextValue.caller) return;
      let version: string;
      try {
        version = await readDataVersion(dataSource);
      } catch {
        // The store cannot be read: no version, so nothing is cached, and the operation itself answers
        // (STORE_UNAVAILABLE) instead of the plugin failing the request as an internal error.
        return;
      }
      return {
        async responseForOperation({ operation }) {
          if (asked !== version || operation.operation !== 'query') return null;
          return {
            http: { status: undefined, headers: new HeaderMap() },
            body: {
              kind: 'single',
              singleResult: { data: null, extensions: { dataVersion: version, dataVersionUnchanged: true } },
            },
          };
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...(result.extensions ?? {}), dataVersion: version };
        },
      };
    },
  };
}
