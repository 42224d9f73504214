import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { postGraphql } from '../support/graphql';
import { type RunningProcess, startNational, startNetwork, startProcess, tempDir } from '../support/services';

/** `--supergraph <file>`: a standard Apollo Federation 2 gateway, no partitions. */
describe('the gateway serving a plain composed supergraph', () => {
  const dir = tempDir('plain');
  let network: RunningProcess;
  let finland: RunningProcess;
  let gateway: RunningProcess;

  beforeAll(async () => {
    [network, finland] = await Promise.all([
      startNetwork(`sqlite:${join(dir, 'network.sqlite')}`),
      startNational({ country: 'FI', database: `sqlite:${join(dir, 'fi.sqlite')}` }),
    ]);
    const sdl = (name: string) =>
      parse(readFileSync(join(__dirname, '..', '..', 'schema', `${name}.graphql`), 'utf8'));
    const composed = composeServices([
      { name: 'network', url: `${network.url}/graphql`, typeDefs: sdl('network') },
      { name: 'finland', url: `${finland.url}/graphql`, typeDefs: sdl('national') },
    ]);
    expect(composed.errors).toBeUndefined();
    const file = join(dir, 'supergraph.graphql');
    writeFileSync(file, composed.supergraphSdl as string);
    gateway = await startProcess('gateway/dist/main.js', ['--supergraph', file, '--port', '0']);
  });

  afterAll(async () => {
    await Promise.all([gateway?.stop(), network?.stop(), finland?.stop()]);
  });

  it('plans and executes across its subgraphs like any federation gateway', async () => {
    const response = await postGraphql(
      `${gateway.url}/graphql`,
      `{ country(code: FI) { name statistics(year: 2023) { value } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect((response.data?.country as any).name).toBe('Finland');
    expect((response.data?.country as any).statistics[0].value).toBeGreaterThan(0);
  });

  it('passes a subgraph error through with its code (Finland refuses a Swedish id)', async () => {
    const response = await postGraphql(
      `${gateway.url}/graphql`,
      `{ case(id: "SE:Case:2023-000001") { id } }`,
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('NOT_OWNED_BY_THIS_COUNTRY');
  });

  it('serves /health and /ready', async () => {
    expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
    const ready = await fetch(`${gateway.url}/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as any).required).toHaveLength(2);
  });
});
