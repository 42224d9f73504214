import { join } from 'node:path';
import { tokenFor } from '../support/auth';
import { errorCodes, postGraphql } from '../support/graphql';
import { type RunningProcess, startNational, startNetwork, tempDir } from '../support/services';

const PAYLOADS = [
  "x' OR '1'='1",
  "FI:Case:2023-000001' --",
  "'; DROP TABLE cases; --",
  'FI:Case:%',
  '\\" OR 1=1 /*',
];

/** Every string that reaches SQL is a bound parameter: injection attempts find nothing and break nothing. */
describe('SQL injection attempts in string arguments', () => {
  const dir = tempDir('injection');
  let finland: RunningProcess;
  let network: RunningProcess;

  beforeAll(async () => {
    [finland, network] = await Promise.all([
      startNational({ country: 'FI', database: `sqlite:${join(dir, 'fi.sqlite')}` }),
      startNetwork(`sqlite:${join(dir, 'network.sqlite')}`),
    ]);
  });

  afterAll(async () => {
    await Promise.all([finland?.stop(), network?.stop()]);
  });

  it.each(PAYLOADS)('case(id: %p) is refused as a malformed id', async (payload) => {
    const response = await postGraphql(`${finland.url}/graphql`, 'query($id: ID!) { case(id: $id) { id } }', {
      id: payload,
    });
    expect(errorCodes(response)).toEqual(['INVALID_GLOBAL_ID']);
  });

  it.each(PAYLOADS)("the auditors' entityId filter %p matches nothing", async (payload) => {
    const auditor = await tokenFor({ country: 'FI', roles: ['AUDITOR'] });
    const response = await postGraphql(
      `${finland.url}/graphql`,
      'query($e: ID) { auditEvents(country: FI, entityId: $e) { nodes { id } } }',
      { e: payload },
      { token: auditor },
    );
    expect(response.errors).toBeUndefined();
    expect((response.data?.auditEvents as any).nodes).toEqual([]);
  });

  it.each(PAYLOADS)(
    'codeList(name: %p) is simply unknown, and the directory is intact afterwards',
    async (payload) => {
      const response = await postGraphql(
        `${network.url}/graphql`,
        'query($n: String!) { codeList(name: $n) { name } }',
        { n: payload },
      );
      expect(response.data).toEqual({ codeList: null });
      const countries = await postGraphql(`${network.url}/graphql`, '{ countries { code } }');
      expect((countries.data?.countries as any[]).length).toBe(8);
    },
  );

  it('keeps every case after the attempts', async () => {
    const page = await postGraphql(`${finland.url}/graphql`, '{ cases(first: 1) { totalCount } }');
    expect((page.data?.cases as any[])[0].totalCount).toBeGreaterThan(1500);
  });
});
