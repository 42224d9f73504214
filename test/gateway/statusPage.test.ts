import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { AvailabilityWindow } from '../../gateway/src/countries/availability';
import { CountryRegistry } from '../../gateway/src/countries/countryRegistry';
import { CountryFailure } from '../../gateway/src/countries/countryClient';
import { lastCheckInWords, statusPage } from '../../gateway/src/http/statusPage';
import { tokenFor } from '../support/auth';
import { type HeadlessBrowser, launchChromium } from '../support/browser';
import { postGraphql } from '../support/graphql';
import { type SmallNetwork, startFinlandBehindGateway, tempDir } from '../support/services';

/*
 * /status for people (issue 16.6): a browser gets a page in words (state, last check, latency,
 * availability over 24 hours); every other caller gets the JSON it always got, now with the
 * availability too.
 */

const HOUR = 60 * 60 * 1000;
const DOCS_IMAGES = join(__dirname, '..', '..', 'docs', 'images');
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

describe("a country's availability over the last 24 hours", () => {
  it('is the share of checks and requests answered, forgetting what is older than 24 hours', () => {
    let now = 1_000 * HOUR;
    const window = new AvailabilityWindow(() => now);
    expect(window.availability()).toEqual({ ratio: null, checks: 0 });
    for (const answered of [true, true, true, false]) window.record(answered);
    expect(window.availability()).toEqual({ ratio: 0.75, checks: 4 });
    now += 23 * HOUR;
    window.record(false);
    expect(window.availability()).toEqual({ ratio: 0.6, checks: 5 });
    now += 2 * HOUR;
    expect(window.availability()).toEqual({ ratio: 0, checks: 1 });
  });

  it('is counted by the country registry from request outcomes, per country', () => {
    const now = 5_000 * HOUR;
    const endpoints = (code: string) => ({
      code,
      national: 'http://127.0.0.1:1/graphql',
      crossborder: 'http://127.0.0.1:1/crossborder/graphql',
      timeoutMs: 1000,
    });
    const registry = new CountryRegistry(
      [endpoints('FI'), endpoints('SE')],
      { failureThreshold: 5, resetAfterMs: 1000 },
      null,
      () => now,
    );
    registry.onSuccess('FI', 12);
    registry.onSuccess('FI', 14);
    registry.onFailure('SE', new CountryFailure('COUNTRY_UNAVAILABLE', 'connect ECONNREFUSED'));
    const [fi, se] = registry.snapshot();
    expect(fi?.availability24h).toEqual({ ratio: 1, checks: 2 });
    expect(se?.availability24h).toEqual({ ratio: 0, checks: 1 });
    void registry.close();
  });
});

describe('the status page', () => {
  it('says when a country was last checked in words', () => {
    const now = new Date('2026-12-03T12:00:00Z');
    expect(lastCheckInWords(null, now)).toBe('never');
    expect(lastCheckInWords('2026-12-03T11:57:00Z', now)).toBe('3 minutes ago (2026-12-03 11:57:00 UTC)');
    expect(lastCheckInWords('2026-12-03T11:59:59Z', now)).toBe('1 second ago (2026-12-03 11:59:59 UTC)');
  });

  it('says the network registry (probed for each page) was checked just now', () => {
    const html = statusPage({ network: { state: 'up', latencyMs: 3.2 } });
    expect(html).toContain('just now (checked for this page)');
    expect(html).toContain('3.2 ms');
  });

  it('escapes what a country sends in its detail', () => {
    const html = statusPage({
      countries: [{ code: 'FI', state: 'down', detail: '<script>alert(1)</script>' }],
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('/status of a running gateway', () => {
  let small: SmallNetwork;
  let browser: HeadlessBrowser;
  let statusUrl: string;

  beforeAll(async () => {
    let token: string;
    [small, browser, token] = await Promise.all([
      startFinlandBehindGateway(tempDir('status-page'), { unreachable: ['SE'] }),
      launchChromium(),
      tokenFor({ country: 'FI', roles: ['ANALYST'], subject: 'fi-status-test', ttlSeconds: 600 }),
    ]);
    statusUrl = `${small.gateway.url}/status`;
    // One request that reaches both countries: FI answers, SE cannot be reached.
    await postGraphql(
      `${small.gateway.url}/graphql`,
      '{ countries { code statistics(year: 2024) { value } } }',
      undefined,
      { token, purpose: null },
    );
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await small?.stop();
  });

  it('answers JSON to a program, with each country’s availability over 24 hours', async () => {
    for (const accept of [undefined, 'application/json', '*/*']) {
      const response = await fetch(statusUrl, { headers: accept ? { accept } : {} });
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await response.json()) as { countries: any[] };
      const byCode = Object.fromEntries(body.countries.map((c) => [c.code, c]));
      expect(byCode.FI).toMatchObject({ state: 'up', availability24h: { ratio: 1 } });
      expect(byCode.SE).toMatchObject({ state: 'down', availability24h: { ratio: 0 } });
      expect(byCode.FI.availability24h.checks).toBeGreaterThanOrEqual(1);
      // The moment of the last check stays a moment (it used to lose "T19:30" as if it were host:port).
      expect(Number.isNaN(Date.parse(byCode.FI.lastCheck))).toBe(false);
    }
  });

  it('answers a page in words to a browser: state, last check, latency and availability, no codes or addresses', async () => {
    const response = await fetch(statusUrl, {
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(response.headers.get('vary')).toMatch(/Accept/i);
    const html = await response.text();
    const page = await browser.context.newPage();
    await page.setContent(html);
    const rows = await page.$$eval('tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? '')),
    );
    const finland = rows.find((r) => r[0] === 'Finland (FI)')!;
    const sweden = rows.find((r) => r[0] === 'Sweden (SE)')!;
    expect(finland[1]).toBe('Up: answering');
    expect(finland[2]).toMatch(/^\d+ seconds? ago|^\d+ minutes? ago/);
    expect(finland[3]).toMatch(/^\d+(\.\d+)? ms$/);
    expect(finland[4]).toMatch(/^100% answered, of \d+ checks? and requests$/);
    expect(sweden[1]).toBe('Down: not answering');
    expect(sweden[4]).toMatch(/^0% answered/);
    expect(rows.find((r) => r[0] === 'Network registry')?.[1]).toBe('Up: answering');
    expect(await page.textContent('#summary')).toBe(
      'Sweden does not answer normally; the other countries are served as usual.',
    );
    // Words, not the gateway's codes; no internal address for an anonymous reader.
    const text = (await page.textContent('body')) ?? '';
    expect(text).not.toMatch(/COUNTRY_[A-Z]+|timing_out|schema_mismatch|\bup\b|\bdown\b/);
    expect(html).not.toMatch(/127\.0\.0\.1|http:\/\//);
    await page.close();
  });

  it.each(['light', 'dark'] as const)(
    'has no axe-core violation in a browser, %s, 400 px wide and wide',
    async (colorScheme) => {
      const page = await browser.context.newPage();
      await page.emulateMedia({ colorScheme });
      for (const width of [400, 1200]) {
        await page.setViewportSize({ width, height: 700 });
        await page.goto(statusUrl);
        expect(await page.title()).toBe('Nordic network status');
        const result = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
        expect(result.passes.map((r) => r.id)).toContain('color-contrast');
        expect(result.violations.map((v) => v.id)).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      }
      if (process.env.DOCS_SCREENSHOTS && colorScheme === 'light') {
        await page.setViewportSize({ width: 1000, height: 420 });
        await page.screenshot({ path: join(DOCS_IMAGES, 'status-page.png') });
      }
      await page.close();
    },
  );
});
