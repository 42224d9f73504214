import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestOperation, sha256Hex } from '../../gateway/src/persistedQueries/manifest';
import { DASHBOARD_QUERY } from '../../gateway/dashboard/dashboardQuery';
import { coordinatorOf } from '../support/auth';
import {
  type RunningProcess,
  type SmallNetwork,
  startFinlandBehindGateway,
  startProcess,
  tempDir,
} from '../support/services';

interface Answer {
  status: number;
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** A GraphQL request with any body (persisted-query extensions, no query text), as a client sends it. */
async function send(url: string, body: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await coordinatorOf('FI')}`,
      'x-purpose': 'STATISTICS',
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) };
}

const persisted = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256Hex(query) } });
const codes = (answer: Answer) => (answer.errors ?? []).map((e) => e.extensions?.code);

describe('persisted queries and trusted documents', () => {
  const dir = tempDir('persisted');
  let finland: SmallNetwork;
  let secondReplica: RunningProcess;
  let trusted: RunningProcess;
  let trustedAndLimited: RunningProcess;
  const manifestFile = join(dir, 'manifest.json');
  const registered = 'query RegisteredCountries { countries { code } }';

  beforeAll(async () => {
    writeFileSync(
      manifestFile,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [
          manifestOperation(registered),
          ...JSON.parse(
            readFileSync(join(__dirname, '../../gateway/dashboard/persisted-query-manifest.json'), 'utf8'),
          ).operations,
        ],
      }),
    );
    // Two replicas of the gateway sharing Redis, and one in trusted-documents mode.
    finland = await startFinlandBehindGateway(dir, { gatewayEnv: { REDIS_URL: 'redis://127.0.0.1:6379' } });
    const config = join(dir, 'gateway.json');
    [secondReplica, trusted, trustedAndLimited] = await Promise.all([
      startProcess('gateway/dist/main.js', ['--config', config], { REDIS_URL: 'redis://127.0.0.1:6379' }),
      startProcess('gateway/dist/main.js', ['--config', config], { GATEWAY_TRUSTED_DOCUMENTS: manifestFile }),
      startProcess('gateway/dist/main.js', ['--config', config], {
        GATEWAY_TRUSTED_DOCUMENTS: manifestFile,
        GATEWAY_RATE_LIMIT_POINTS: '2',
      }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([finland?.stop(), secondReplica?.stop(), trusted?.stop(), trustedAndLimited?.stop()]);
  });

  it('an unknown hash is PERSISTED_QUERY_NOT_FOUND; once registered on one replica, the hash alone works on both', async () => {
    // A text no earlier run has registered in the shared Redis.
    const query = `query Countries_${randomUUID().replace(/-/g, '')} { countries { code } }`;
    const first = await send(finland.gateway.url, { extensions: persisted(query) });
    expect(codes(first)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);

    const registration = await send(finland.gateway.url, { query, extensions: persisted(query) });
    expect(registration.errors).toBeUndefined();
    expect(registration.data?.countries.map((c: { code: string }) => c.code)).toContain('FI');

    for (const url of [finland.gateway.url, secondReplica.url]) {
      const byHash = await send(url, { extensions: persisted(query) });
      expect(byHash.errors).toBeUndefined();
      expect(byHash.data).toEqual(registration.data);
    }
  });

  it('a hash sent with another text is refused', async () => {
    const query = `query Countries_${randomUUID().replace(/-/g, '')} { countries { code } }`;
    const answer = await send(finland.gateway.url, {
      query: '{ countries { code name } }',
      extensions: persisted(query),
    });
    expect(answer.status).toBe(400);
    expect(answer.data).toBeUndefined();
  });

  describe('in trusted-documents mode', () => {
    it('runs a registered operation by its id alone, and by its registered text', async () => {
      const byId = await send(trusted.url, { extensions: persisted(registered) });
      expect(byId.errors).toBeUndefined();
      expect(byId.data?.countries.map((c: { code: string }) => c.code)).toContain('FI');
      const byText = await send(trusted.url, { query: registered });
      expect(byText.data).toEqual(byId.data);
    });

    it("runs the dashboard's operations from the generated manifest", async () => {
      const answer = await send(trusted.url, {
        variables: {
          yearFrom: 2022,
          yearTo: 2023,
          mixYear: 2023,
          trendMeasure: 'REGISTERED_VICTIMS',
          breakdownBy: 'SEX',
          lang: 'en',
        },
        extensions: persisted(DASHBOARD_QUERY),
      });
      expect(codes(answer)).not.toContain('PERSISTED_QUERY_NOT_ALLOWED');
      // Only Finland runs a national service in this network: the others are directory entries.
      expect(codes(answer).filter((code) => code !== 'COUNTRY_NOT_CONNECTED')).toEqual([]);
      expect(answer.data?.countries.length).toBeGreaterThan(0);
    });

    it('refuses any other document, an unknown id, and a registered id with another text', async () => {
      const other = await send(trusted.url, { query: '{ countries { code name } }' });
      const unknownId = await send(trusted.url, { extensions: persisted('{ countries { name } }') });
      const otherText = await send(trusted.url, {
        query: '{ countries { code name } }',
        extensions: persisted(registered),
      });
      const unregisteredApq = await send(trusted.url, {
        query: '{ countries { name } }',
        extensions: persisted('{ countries { name } }'),
      });
      for (const answer of [other, unknownId, otherText, unregisteredApq]) {
        expect(answer.status).toBe(400);
        expect(codes(answer)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
        expect(answer.data).toBeUndefined();
      }
      // Refused registrations are not stored: the id alone is still refused.
      const again = await send(trusted.url, { extensions: persisted('{ countries { name } }') });
      expect(codes(again)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
    });

    it('counts refused documents against the rate limit, and tells a client over it RATE_LIMITED, not the refusal', async () => {
      const unregistered = { query: '{ countries { code name } }' };
      for (let i = 0; i < 2; i++)
        expect(codes(await send(trustedAndLimited.url, unregistered))).toEqual([
          'PERSISTED_QUERY_NOT_ALLOWED',
        ]);
      const over = [
        await send(trustedAndLimited.url, unregistered),
        await send(trustedAndLimited.url, { extensions: persisted(registered) }),
      ];
      for (const answer of over) {
        expect(answer.status).toBe(429);
        expect(codes(answer)).toEqual(['RATE_LIMITED']);
      }
    });
  });

  it('the checked-in dashboard manifest is the one npm run persisted:dashboard generates', () => {
    const manifest = JSON.parse(
      readFileSync(join(__dirname, '../../gateway/dashboard/persisted-query-manifest.json'), 'utf8'),
    ) as { operations: { id: string }[] };
    expect(manifest.operations.map((o) => o.id)).toContain(manifestOperation(DASHBOARD_QUERY).id);
  });
});
