import { type SmallNetwork, startFinlandBehindGateway, tempDir } from '../support/services';

describe('the dashboard route of a gateway in production (NODE_ENV=production)', () => {
  let small: SmallNetwork;

  beforeAll(async () => {
    small = await startFinlandBehindGateway(tempDir('dash-production'), {
      gatewayEnv: { NODE_ENV: 'production' },
    });
  }, 120_000);

  afterAll(() => small?.stop());

  it('serves the dashboard and its bundled assets from the gateway itself, while the IDE stays off', async () => {
    const page = await fetch(`${small.gateway.url}/dashboard`);
    expect(page.status).toBe(200);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)]
      .map((m) => m[1] as string)
      .filter((a) => !a.startsWith('data:') && !a.startsWith('#')); // '#figures': the skip link
    expect(assets.map((a) => a.replace(/\?v=.*/, ''))).toEqual([
      '/dashboard/assets/styles.css',
      '/dashboard/assets/dashboard.js',
    ]);
    for (const asset of assets) {
      const response = await fetch(new URL(asset, small.gateway.url));
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
      expect(response.headers.get('cache-control')).toContain('immutable');
    }
    expect(JSON.parse(/id="nordic-dashboard-config">([^<]*)</.exec(html)![1]!)).toMatchObject({
      endpoint: '/graphql',
      statusUrl: '/status',
    });
    expect((await fetch(`${small.gateway.url}/`)).status).toBe(404);
    expect((await fetch(`${small.gateway.url}/dashboard/assets/../../package.json`)).status).toBe(404);
  });
});
