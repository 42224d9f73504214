/** What in a status detail could name an internal address: URLs, IPv4/IPv6 addresses, `host:port`. */
const ADDRESS_PATTERNS = [
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"),]+/gi,
  /\[[0-9a-f:]+\](?::\d+)?/gi,
  /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g,
  /\b(?:[a-z0-9-]+\.)*[a-z0-9-]+:\d{2,5}\b/gi,
];

/** An ISO 8601 moment, as `lastCheck` holds. */
const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A status detail without the addresses in it ("connect ECONNREFUSED 10.0.0.7:4013" → "… [address]"). */
export function withoutAddresses(text: string): string {
  return ADDRESS_PATTERNS.reduce((t, pattern) => t.replace(pattern, '[address]'), text);
}

/**
 * The gateway's `/status` as an unauthenticated caller (the dashboard before sign-in, a monitor, anyone)
 * sees it: every state, latency and circuit the page shows, but no `url` of a country, subgraph or the
 * network registry, and no address inside a detail message. A caller with a valid token sees it all.
 */
export function publicStatus(status: unknown): unknown {
  if (Array.isArray(status)) return status.map(publicStatus);
  // A moment (lastCheck) is no address, though "T19:30" looks like host:port to the patterns.
  if (typeof status === 'string') return ISO_MOMENT.test(status) ? status : withoutAddresses(status);
  if (status === null || typeof status !== 'object') return status;
  return Object.fromEntries(
    Object.entries(status)
      .filter(([key]) => key !== 'url' && !key.endsWith('Url'))
      .map(([key, value]) => [key, publicStatus(value)]),
  );
}
