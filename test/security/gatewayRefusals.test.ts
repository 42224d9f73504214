import { tokenFor } from '../support/auth';
import { type SmallNetwork, startFinlandBehindGateway, tempDir } from '../support/services';

/**
 * What the gateway refuses itself never reaches a country's audit log, so the gateway keeps its own
 * record: one JSON line per refusal in its refusal log (trace id, caller, status, codes), and nothing
 * of the request's content.
 */
describe("the gateway's refusal log", () => {
  const dir = tempDir('refusals');
  let small: SmallNetwork;
  let url: string;

  beforeAll(async () => {
    small = await startFinlandBehindGateway(dir);
    url = `${small.gateway.url}/graphql`;
  });

  afterAll(() => small?.stop());

  const traceparent = (n: number) => `00-${String(n).padStart(32, 'a')}-00f067aa0ba902b7-01`;
  const traceId = (n: number) => String(n).padStart(32, 'a');

  async function post(body: string, headers: Record<string, string>): Promise<number> {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-purpose': 'VICTIM_ASSISTANCE_CONTINUITY',
        ...headers,
      },
      body,
    });
    await response.text();
    return response.status;
  }

  function refusalFor(id: string): Record<string, unknown> | undefined {
    return small.gateway
      .output()
      .split('\n')
      .filter((line) => line.includes('"log":"refusal"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => entry.traceId === id);
  }

  it('records a refused token, a depth bomb, an oversized and a batched body, with who and why but not what', async () => {
    const coordinator = await tokenFor({
      country: 'FI',
      roles: ['NATIONAL_COORDINATOR'],
      subject: 'fi-refused-1',
    });
    const nested = `{ caseLinks { caseA { links { caseB { links { caseB { links { caseB { links { caseB { links { caseB { id } } } } } } } } } } } } }`;
    const attempts: [number, string, Record<string, string>, number, string, string | null][] = [
      [
        1,
        JSON.stringify({ query: '{ cases { country } }' }),
        { authorization: 'Bearer not-a-token' },
        401,
        'UNAUTHENTICATED',
        null,
      ],
      [
        2,
        JSON.stringify({ query: nested }),
        { authorization: `Bearer ${coordinator}` },
        400,
        'DEPTH_LIMIT_EXCEEDED',
        'FI',
      ],
      [
        3,
        JSON.stringify({ query: `{ cases { country } }`, pad: 'x'.repeat(200_000) }),
        { authorization: `Bearer ${coordinator}` },
        413,
        'BODY_TOO_LARGE',
        null,
      ],
      [
        4,
        JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
        { authorization: `Bearer ${coordinator}` },
        400,
        'BATCHING_NOT_ALLOWED',
        null,
      ],
    ];
    for (const [n, body, headers, status] of attempts) {
      expect(await post(body, { ...headers, traceparent: traceparent(n) })).toBe(status);
    }
    // The log is written asynchronously: wait for every attempt's line.
    await small.gateway.outputShows(() => {
      try {
        return attempts.every(([n]) => refusalFor(traceId(n)) !== undefined);
      } catch {
        return false; // a line printed only in part so far
      }
    });
    for (const [n, , , status, code, country] of attempts) {
      expect(refusalFor(traceId(n))).toMatchObject({ status, codes: [code], requestingCountry: country });
    }
    expect(refusalFor(traceId(2))?.subject).toBe('fi-refused-1');
    const refusalLines = small.gateway
      .output()
      .split('\n')
      .filter((line) => line.includes('"log":"refusal"'))
      .join('\n');
    expect(refusalLines).not.toMatch(/caseLinks|not-a-token|xxxx|__typename/);
  });
});
