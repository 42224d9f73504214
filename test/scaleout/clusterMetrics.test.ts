import { Agent, type IncomingMessage, get } from 'node:http';
import { postGraphql } from '../support/graphql';
import { type SmallNetwork, startFinlandBehindGateway, tempDir } from '../support/services';

interface Scrape {
  status: number;
  contentType: string;
  text: string;
}

/** GET over a connection of its own (`agent: false`), so node:cluster hands each scrape to the next worker. */
function scrape(url: string, agent: Agent | false = false): Promise<Scrape> {
  return new Promise((resolve, reject) => {
    get(`${url}/metrics`, { agent }, (res: IncomingMessage) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), text }),
      );
    }).on('error', reject);
  });
}

/** GraphQL requests the metrics counted: the sum of `graphql_request_duration_seconds_count` on `/graphql`. */
function graphqlRequests(text: string): number {
  return [
    ...text.matchAll(/^graphql_request_duration_seconds_count\{[^}]*endpoint="\/graphql"[^}]*\} (\d+)$/gm),
  ].reduce((sum, m) => sum + Number(m[1]), 0);
}

/** The gateway's request log lines for `path` (the complete lines printed so far). */
function requestLines(output: string, path: string): { pid?: number }[] {
  return output
    .split('\n')
    .slice(0, -1)
    .filter((line) => line.startsWith('{"level"'))
    .map((line) => JSON.parse(line) as { log?: string; path?: string; pid?: number })
    .filter((entry) => entry.log === 'request' && entry.path === path);
}

/** The pids of the workers that logged a request line for `path`. */
const workersThatServed = (output: string, path: string) =>
  new Set(requestLines(output, path).map((entry) => entry.pid));

async function outputShows(network: SmallNetwork, check: (output: string) => boolean): Promise<void> {
  await network.gateway.outputShows(check);
}

describe('/metrics of the gateway with --workers 2', () => {
  const dir = tempDir('cluster-metrics');
  let finland: SmallNetwork;

  beforeAll(async () => {
    // debug: the request lines of /metrics too, to see which worker answered each scrape.
    finland = await startFinlandBehindGateway(dir, {
      gatewayEnv: { GATEWAY_WORKERS: '2', LOG_LEVEL: 'debug' },
    });
  });

  afterAll(async () => {
    await finland?.stop();
  });

  it('counts the requests of both workers on every scrape, whichever worker answers it', async () => {
    const workers = [...finland.gateway.output().matchAll(/gateway worker \d+ \(pid (\d+)\) ready/g)].map(
      (m) => Number(m[1]),
    );
    expect(workers).toHaveLength(2);

    // Concurrent requests open several connections, which node:cluster hands to the workers in turn.
    let sent = 0;
    while (workersThatServed(finland.gateway.output(), '/graphql').size < 2 && sent < 100) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          postGraphql(`${finland.gateway.url}/graphql`, '{ countries { code } }'),
        ),
      );
      for (const answer of answers) expect(answer.errors).toBeUndefined();
      sent += answers.length;
      await outputShows(finland, (output) => requestLines(output, '/graphql').length === sent);
    }
    expect([...workersThatServed(finland.gateway.output(), '/graphql')].sort()).toEqual([...workers].sort());

    const totals: number[] = [];
    for (let i = 0; i < 6; i++) {
      const answer = await scrape(finland.gateway.url);
      expect(answer.status).toBe(200);
      expect(answer.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
      totals.push(graphqlRequests(answer.text));
    }
    expect(totals).toEqual(Array.from({ length: 6 }, () => sent));
    await outputShows(finland, (output) => requestLines(output, '/metrics').length === 6);
    expect([...workersThatServed(finland.gateway.output(), '/metrics')].sort()).toEqual([...workers].sort());
  });

  it('answers 503 with a plain message when the primary does not answer, and recovers when it does', async () => {
    const primary = finland.gateway.process;
    // One kept-alive connection: the scrapes below reach the worker that took it, without the primary.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect((await scrape(finland.gateway.url, agent)).status).toBe(200);
      primary.kill('SIGSTOP');
      try {
        const answer = await scrape(finland.gateway.url, agent);
        expect(answer.status).toBe(503);
        expect(answer.contentType).toMatch(/^text\/plain/);
        expect(answer.text).toMatch(/the cluster primary did not answer within 5 s/);
      } finally {
        primary.kill('SIGCONT');
      }
      const again = await scrape(finland.gateway.url, agent);
      expect(again.status).toBe(200);
      expect(graphqlRequests(again.text)).toBeGreaterThan(0);
    } finally {
      agent.destroy();
    }
  });
});
