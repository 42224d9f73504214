import { join } from 'node:path';
import { coordinatorOf } from '../support/auth';
import {
  type RunningProcess,
  type SmallNetwork,
  runScript,
  startFinlandBehindGateway,
  startProcess,
  tempDir,
} from '../support/services';

const DASHBOARD_ORIGIN = 'https://dashboard.nordic.example';

/** A browser's preflight for a POST to /graphql with the dashboard's headers, from `origin`. */
function preflight(url: string, origin: string): Promise<Response> {
  return fetch(`${url}/graphql`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type,x-purpose',
    },
  });
}

async function query(url: string, origin: string): Promise<Response> {
  return fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      origin,
      'content-type': 'application/json',
      authorization: `Bearer ${await coordinatorOf('FI')}`,
    },
    body: JSON.stringify({ query: '{ countries { code } }' }),
  });
}

/**
 * CORS: a dashboard served from another origin may call a gateway only when that gateway lists its
 * origin (`corsOrigins` / `GATEWAY_CORS_ORIGINS`); by default the gateway sends no CORS headers.
 */
describe('cross-origin calls to the gateway', () => {
  const dir = tempDir('cors');
  let finland: SmallNetwork;
  let closed: RunningProcess;

  beforeAll(async () => {
    finland = await startFinlandBehindGateway(dir, {
      gatewayEnv: { GATEWAY_CORS_ORIGINS: DASHBOARD_ORIGIN },
    });
    closed = await startProcess('gateway/dist/main.js', ['--config', join(dir, 'gateway.json')]);
  });
  afterAll(async () => {
    await Promise.all([finland?.stop(), closed?.stop()]);
  });

  it('lets a listed origin preflight and read /graphql and /status', async () => {
    const allowed = await preflight(finland.gateway.url, DASHBOARD_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(DASHBOARD_ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')?.split(',')).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'x-purpose']),
    );
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const answer = await query(finland.gateway.url, DASHBOARD_ORIGIN);
    expect(answer.headers.get('access-control-allow-origin')).toBe(DASHBOARD_ORIGIN);
    expect(((await answer.json()) as any).data.countries.length).toBeGreaterThan(0);
    const status = await fetch(`${finland.gateway.url}/status`, { headers: { origin: DASHBOARD_ORIGIN } });
    expect(status.headers.get('access-control-allow-origin')).toBe(DASHBOARD_ORIGIN);
  });

  it('gives any other origin no CORS headers, so a browser keeps the answer from it', async () => {
    const other = 'https://elsewhere.example';
    expect(
      (await preflight(finland.gateway.url, other)).headers.get('access-control-allow-origin'),
    ).toBeNull();
    expect((await query(finland.gateway.url, other)).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends no CORS headers at all by default', async () => {
    expect(
      (await preflight(closed.url, DASHBOARD_ORIGIN)).headers.get('access-control-allow-origin'),
    ).toBeNull();
    expect((await query(closed.url, DASHBOARD_ORIGIN)).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses to start on an origin with a path, naming the setting and the form it takes', async () => {
    const { code, output } = await runScript(
      'gateway/dist/main.js',
      ['--config', join(dir, 'gateway.json')],
      {
        GATEWAY_CORS_ORIGINS: 'https://dashboard.nordic.example/dashboard',
      },
    );
    expect(code).toBe(2);
    expect(output).toMatch(/corsOrigins\.0/);
    expect(output).toMatch(/must be an origin such as https:\/\/dashboard\.example\.org/);
  });
});
