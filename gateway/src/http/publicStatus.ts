/** What in a status detail could name an internal address: URLs, IPv4/IPv6 addresses, `host:port`. */
const ADDRESS_PATTERNS = [
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"),]+/gi,
  /\[[0-9a-f:]+\](?::\d+)?/gi,
  /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g,
  /\b(?:[a-z0-9-]+\.)*[a-z0-9-]+:\d{2,5}\b/gi,
];

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
  if (typeof status === 'string') return withoutAddresses(status);
  if (status === null || typeof status !== 'object') return status;
  return Object.fromEntries(
    Object.entries(status)
      .filter(([key]) => key !== 'url' && !key.endsWith('Url'))
      .map(([key, value]) => [key, publicStatus(value)]),
  );
}
