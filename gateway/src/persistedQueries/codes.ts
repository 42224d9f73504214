/**
 * Stable `extensions.code` values of persisted queries. Apollo Server's own APQ codes
 * (`PERSISTED_QUERY_NOT_FOUND`, `PERSISTED_QUERY_NOT_SUPPORTED`) pass through unchanged.
 */
export const PERSISTED_QUERY_ERROR_CODES = {
  /**
   * Trusted-documents mode: the request is not a registered operation — an unknown id, a document
   * that is not in the manifest, or a registered id sent with another query text (HTTP 400).
   */
  PERSISTED_QUERY_NOT_ALLOWED: 'PERSISTED_QUERY_NOT_ALLOWED',
} as const;
