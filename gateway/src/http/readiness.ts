/** Whether a GraphQL endpoint answers `{ __typename }` within the timeout. */
export async function probeGraphql(
  url: string,
  timeoutMs: number,
): Promise<{ ok: boolean; latencyMs: number; detail?: string }> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json()) as { data?: { __typename?: string } };
    const ok = body.data?.__typename === 'Query';
    return {
      ok,
      latencyMs: performance.now() - started,
      ...(ok ? {} : { detail: `HTTP ${response.status}` }),
    };
  } catch (error) {
    return { ok: false, latencyMs: performance.now() - started, detail: (error as Error).message };
  }
}
