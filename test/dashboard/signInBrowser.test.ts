import { join } from 'node:path';
import { decodeJwt } from 'jose';
import type { Page, Request } from 'playwright-core';
import { authEnvironment } from '../support/auth';
import { ARTIFACTS, type HeadlessBrowser, launchChromium } from '../support/browser';
import {
  type RunningProcess,
  type SmallNetwork,
  startFinlandBehindGateway,
  startProcess,
  tempDir,
} from '../support/services';

/**
 * Sign-in as people do it, in Chromium: the dashboard and the IDE send the user to Finland's local
 * OpenID Connect provider (authorization code with PKCE), the developer picks roles and organisation on
 * its login page, and the page comes back with a token it keeps in memory only. The token must never
 * reach the address bar, localStorage or sessionStorage; the IDE sends one set of headers from every tab.
 */
describe('sign-in with OpenID Connect from the dashboard and the IDE', () => {
  const dir = tempDir('signin');
  let providers: RunningProcess;
  let small: SmallNetwork;
  let browser: HeadlessBrowser;
  let issuer: string;

  beforeAll(async () => {
    [providers, browser] = await Promise.all([
      startProcess('subgraphs/common/dist/auth/devIdentityProvider/main.js', [
        ...['--port', '0', '--countries', 'FI', '--keys', join(dir, 'keys')],
      ]),
      launchChromium(),
    ]);
    issuer = `${providers.url}/fi`;
    const base = authEnvironment();
    small = await startFinlandBehindGateway(dir, {
      seed: true,
      env: {
        AUTH_ISSUERS: `${base.AUTH_ISSUERS},FI=${issuer}`,
        AUTH_ISSUER_JWKS: `${base.AUTH_ISSUER_JWKS},${issuer}=${issuer}/jwks`,
      },
      gatewayEnv: { COUNTRY_FI_SIGNIN_ISSUER: issuer, COUNTRY_FI_SIGNIN_CLIENT_ID: 'nordic-network' },
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await small?.stop();
    await providers?.stop();
  });

  /** The bearer tokens the page sent to the gateway, as they go. */
  function sentTokens(page: Page): string[] {
    const tokens: string[] = [];
    page.on('request', (request: Request) => {
      const authorization = request.headers().authorization;
      if (request.url().endsWith('/graphql') && authorization)
        tokens.push(authorization.replace(/^Bearer /, ''));
    });
    return tokens;
  }

  /** On the provider's login page: ticks `roles`, picks `org`, and signs in. */
  async function logIn(page: Page, roles: string[], org = ''): Promise<void> {
    await page.waitForURL((u) => u.href.startsWith(issuer));
    for (const role of roles) await page.check(`input[name=role][value=${role}]`);
    await page.selectOption('#org', org);
    await page.click('#sign-in');
  }

  /** Everything the page's origin keeps, and where it is: none of it may hold the token. */
  async function storedEverywhere(page: Page): Promise<string> {
    const stored = await page.evaluate(() => ({
      local: Object.keys(localStorage).map((k) => `${k}=${localStorage.getItem(k)}`),
      session: Object.keys(sessionStorage).map((k) => `${k}=${sessionStorage.getItem(k)}`),
      href: location.href,
      historyLength: history.length,
    }));
    return JSON.stringify(stored);
  }

  function expectNowhere(stored: string, token: string): void {
    const [, payload, signature] = token.split('.') as [string, string, string];
    expect(stored).not.toContain(signature);
    expect(stored).not.toContain(payload);
    expect(stored).not.toMatch(/Bearer ey/);
  }

  it('an analyst signs in to the dashboard, sees the figures, refreshes and signs out; the token is in no URL or storage', async () => {
    const page = await browser.context.newPage();
    const tokens = sentTokens(page);
    await page.goto(`${small.gateway.url}/dashboard`);
    await page.waitForFunction(() => document.body.dataset.state === 'no-token');
    await page.selectOption('#sign-in-country', 'FI');
    await page.click('#sign-in');
    // The provider refuses a caseworker without an organisation, saying so on its page.
    await page.waitForURL((u) => u.href.startsWith(issuer));
    await page.check('input[name=role][value=ASSISTANCE_CASEWORKER]');
    await page.click('#sign-in');
    expect(await page.textContent('[role=alert]')).toMatch(/choose the organisation \(FI:Organisation:nas\)/);
    await page.uncheck('input[name=role][value=ASSISTANCE_CASEWORKER]');
    await logIn(page, ['ANALYST']);
    await page.waitForURL(`${small.gateway.url}/dashboard`);
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    expect(await page.textContent('#signed-in-as')).toMatch(/fi-analyst-dev \(FI: ANALYST\)/);
    // The authorization response (code, state) is gone from the address; the shared view's filters stay.
    const address = new URL(page.url()).searchParams;
    expect([address.has('code'), address.has('state'), address.has('session_state')]).toEqual([
      false,
      false,
      false,
    ]);
    const token = tokens.at(-1) as string;
    expect(decodeJwt(token)).toMatchObject({ iss: issuer, roles: ['ANALYST'], country: 'FI' });
    expectNowhere(await storedEverywhere(page), token);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-signed-in.png'), fullPage: true });

    // Refreshing (as the page does a minute before expiry) gives a new token, which the figures use.
    expect(
      await page.evaluate(() =>
        (window as never as { nordicSignIn: { refresh(): Promise<boolean> } }).nordicSignIn.refresh(),
      ),
    ).toBe(true);
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    const refreshed = tokens.at(-1) as string;
    expect(refreshed).not.toBe(token);
    expect(decodeJwt(refreshed)).toMatchObject({ sub: 'fi-analyst-dev', roles: ['ANALYST'] });
    expectNowhere(await storedEverywhere(page), refreshed);

    await page.click('#sign-out');
    await page.waitForFunction(() => document.body.dataset.state === 'no-token');
    expect(await page.isVisible('#sign-in-form')).toBe(true);
    // The revoked refresh token gives nothing more: the page says the sign-in has ended.
    expect(
      await page.evaluate(() =>
        (window as never as { nordicSignIn: { refresh(): Promise<boolean> } }).nordicSignIn.refresh(),
      ),
    ).toBe(false);
    await page.close();
  });

  /** Runs the IDE's current tab and returns the request it sent and the answer. */
  async function runTab(page: Page): Promise<{
    headers: Record<string, string>;
    body: { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  }> {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/graphql') && r.request().method() === 'POST'),
      page.click('.graphiql-execute-button'),
    ]);
    return { headers: response.request().headers(), body: await response.json() };
  }

  it('a coordinator signs in to the IDE: every tab sends the same token and the chosen purpose, and nothing keeps them', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${small.gateway.url}/`);
    await page.waitForSelector('.graphiql-execute-button');
    await page.selectOption('#nordic-ide-country', 'FI');
    await page.click('#nordic-ide-sign-in-button');
    await logIn(page, ['NATIONAL_COORDINATOR']);
    await page.waitForURL(`${small.gateway.url}/`);
    await page.waitForSelector('#nordic-ide-who:has-text("fi-national_coordinator-dev")');
    expect(new URL(page.url()).search).toBe('');

    const first = await runTab(page);
    const token = (first.headers.authorization ?? '').replace(/^Bearer /, '');
    expect(decodeJwt(token)).toMatchObject({ iss: issuer, roles: ['NATIONAL_COORDINATOR'] });
    expect(first.headers['x-purpose']).toBe('VICTIM_ASSISTANCE_CONTINUITY');
    expect(first.body.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('UNAUTHENTICATED');

    // Another tab, and another purpose: the same token, the new purpose, without touching its Headers.
    await page.selectOption('#nordic-ide-purpose', 'DUPLICATE_CHECK');
    await page.locator('.graphiql-tab').nth(1).click();
    const second = await runTab(page);
    expect(second.headers.authorization).toBe(`Bearer ${token}`);
    expect(second.headers['x-purpose']).toBe('DUPLICATE_CHECK');

    // A token typed into a tab's Headers (a tab not run before) is sent over by the sign-in's, and kept in no history.
    await page.locator('.graphiql-tab').nth(2).click();
    await page.click('.graphiql-editor-tools button:has-text("Headers")');
    await page.evaluate(() => {
      const editors = document.querySelectorAll('.graphiql-editor-tool .graphiql-editor .CodeMirror');
      const headers = editors[editors.length - 1] as unknown as { CodeMirror: { setValue(v: string): void } };
      headers.CodeMirror.setValue(
        '{"Authorization": "Bearer typed.secret.value", "x-typed": "typed.secret.value"}',
      );
    });
    const third = await runTab(page);
    expect(third.headers['x-typed']).toBe('typed.secret.value');
    expect(third.headers.authorization).toBe(`Bearer ${token}`);
    await page.screenshot({ path: join(ARTIFACTS, 'ide-signed-in.png') });
    // Leaving the page writes GraphiQL's state: tabs and history are kept, headers are not.
    await page.goto('about:blank');
    await page.goto(`${small.gateway.url}/`);
    await page.waitForSelector('.graphiql-execute-button');
    const stored = await storedEverywhere(page);
    expect(stored).toContain('queries');
    expectNowhere(stored, token);
    expect(stored).not.toContain('typed.secret.value');
    await page.close();
  });

  it('a caseworker signs in to the IDE with their organisation; the token carries it', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${small.gateway.url}/`);
    await page.waitForSelector('.graphiql-execute-button');
    await page.click('#nordic-ide-sign-in-button');
    await logIn(page, ['ASSISTANCE_CASEWORKER'], 'FI:Organisation:nas');
    await page.waitForSelector('#nordic-ide-who:has-text("fi-assistance_caseworker@nas-dev")');
    const run = await runTab(page);
    const token = (run.headers.authorization ?? '').replace(/^Bearer /, '');
    expect(decodeJwt(token)).toMatchObject({ org: 'FI:Organisation:nas', roles: ['ASSISTANCE_CASEWORKER'] });
    expectNowhere(await storedEverywhere(page), token);
    await page.click('#nordic-ide-sign-out');
    await page.waitForSelector('#nordic-ide-sign-in-button');
    await page.close();
  });
});
