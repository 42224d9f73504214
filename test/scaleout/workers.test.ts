import { postGraphql } from '../support/graphql';
import { type SmallNetwork, startFinlandBehindGateway, tempDir } from '../support/services';

/** Waits until `check` holds on the gateway's output (bounded; the output is the primary's and the workers'). */
async function outputShows(network: SmallNetwork, check: (output: string) => boolean): Promise<void> {
  await network.gateway.outputShows(check);
}

const readyWorkers = (output: string) =>
  [...output.matchAll(/gateway worker \d+ \(pid (\d+)\) ready/g)].map((m) => Number(m[1]));

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the gateway with --workers 2', () => {
  const dir = tempDir('workers');
  let finland: SmallNetwork;

  beforeAll(async () => {
    finland = await startFinlandBehindGateway(dir, { gatewayEnv: { GATEWAY_WORKERS: '2' } });
  });

  afterAll(async () => {
    await finland?.stop();
  });

  it('answers on one port from two worker processes, replaces a worker that dies, and stops all on SIGTERM', async () => {
    expect(finland.gateway.output()).toMatch(/listening on http:\/\/\S+\/graphql with 2 workers/);
    const [first, second] = readyWorkers(finland.gateway.output());
    expect(first).not.toEqual(second);
    expect(first).not.toEqual(finland.gateway.process.pid);

    const ask = () => postGraphql(`${finland.gateway.url}/graphql`, '{ countries { code } }');
    for (const answer of await Promise.all(Array.from({ length: 6 }, ask))) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.countries.map((c: { code: string }) => c.code)).toContain('FI');
    }
    const health = await fetch(`${finland.gateway.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    process.kill(first as number, 'SIGKILL');
    await outputShows(finland, (output) => readyWorkers(output).length === 3);
    const replacement = readyWorkers(finland.gateway.output())[2] as number;
    expect([first, second]).not.toContain(replacement);
    expect(finland.gateway.output()).toMatch(
      new RegExp(`pid ${first}\\) exited \\(SIGKILL\\); starting a replacement`),
    );
    for (const answer of await Promise.all(Array.from({ length: 6 }, ask)))
      expect(answer.errors).toBeUndefined();

    const stopped = new Promise<number | null>((resolve) => finland.gateway.process.once('exit', resolve));
    finland.gateway.process.kill('SIGTERM');
    expect(await stopped).toBe(0);
    expect(isRunning(second as number)).toBe(false);
    expect(isRunning(replacement)).toBe(false);
  });
});
