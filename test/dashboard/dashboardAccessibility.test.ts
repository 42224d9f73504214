import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { LANGUAGES, MESSAGES } from '../../gateway/dashboard/messages';
import { tokenFor } from '../support/auth';
import { ARTIFACTS, type HeadlessBrowser, launchChromium } from '../support/browser';
import { nextRender, renderedGeneration } from '../support/dashboardPage';
import { type SmallNetwork, startFinlandBehindGateway, tempDir } from '../support/services';

/** WCAG 2.2 A and AA, every rule axe-core has for them. */
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

async function axeViolations(page: Page): Promise<{ id: string; nodes: string[] }[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
  // The rules that matter here did run (and found something to check).
  const passed = result.passes.map((r) => r.id);
  for (const rule of ['color-contrast', 'html-has-lang', 'html-lang-valid', 'label', 'button-name'])
    expect(passed).toContain(rule);
  return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/** The fixed text of the page: each `data-i18n` element's text, by key. */
function pageTexts(page: Page): Promise<Record<string, string>> {
  return page.$$eval('[data-i18n]', (nodes) =>
    Object.fromEntries(nodes.map((n) => [(n as HTMLElement).dataset.i18n, n.textContent ?? ''])),
  );
}

/** Opens the dashboard afresh (not a same-page fragment change) with `fragment`, and waits for `state`. */
async function open(page: Page, url: string, fragment: string, state = 'ready'): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${url}#${fragment}`);
  await page.waitForFunction((s) => document.body.dataset.state === s, state);
}

/** Picks the interface language in the page, and waits for the figures drawn in it. */
async function chooseLanguage(page: Page, code: string): Promise<void> {
  if (code === (await page.$eval('#lang', (s) => (s as HTMLSelectElement).value))) return;
  const before = await renderedGeneration(page);
  await page.selectOption('#lang', code);
  await nextRender(page, before);
}

describe('the dashboard in six languages, by keyboard, narrow and dark, with axe-core', () => {
  let small: SmallNetwork;
  let browser: HeadlessBrowser;
  let page: Page;
  let token: string;
  let url: string;

  beforeAll(async () => {
    [small, browser, token] = await Promise.all([
      startFinlandBehindGateway(tempDir('dash-a11y'), { seed: true, unreachable: ['SE', 'NO'] }),
      launchChromium(),
      tokenFor({ country: 'FI', roles: ['ANALYST'], subject: 'fi-a11y-test', ttlSeconds: 3600 }),
    ]);
    url = `${small.gateway.url}/dashboard`;
    page = await browser.context.newPage();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await small?.stop();
  });

  it('takes the token from the link, removes it from the address and history, and stores it nowhere', async () => {
    await open(page, url, `token=${token}`);
    expect(new URL(page.url()).hash).toBe('');
    const stored = await page.evaluate(() => ({
      local: Object.keys(localStorage).map((k) => `${k}=${localStorage.getItem(k)}`),
      session: Object.keys(sessionStorage).map((k) => `${k}=${sessionStorage.getItem(k)}`),
      historyUrl: location.href,
    }));
    expect(stored.historyUrl).not.toContain(token);
    for (const entry of [...stored.local, ...stored.session])
      expect(entry).not.toContain(token.split('.')[2]);
    expect(stored.session).toEqual([]);
    // Kept in the page's memory only: a reload asks for it again.
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.state === 'no-token');
    expect(await page.textContent('#message')).toBe(MESSAGES.en['message.noToken']);
  });

  it.each([['%E0%A4%A'], ['token='], ['token=not-a-token'], ['access=abc']])(
    'says a malformed link (#%s) holds no readable token instead of loading forever, and drops it',
    async (fragment) => {
      await open(page, url, fragment, 'error');
      expect(await page.textContent('#message')).toBe(MESSAGES.en['message.badLink']);
      expect(new URL(page.url()).hash).toBe('');
      expect(await axeViolations(page)).toEqual([]);
    },
  );

  it('reads a link opened in the same tab (only the fragment changes), and drops a malformed one', async () => {
    await open(page, url, 'token=', 'error');
    await page.evaluate((t) => (window.location.hash = `token=${t}`), token);
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    expect(new URL(page.url()).hash).toBe('');
    await page.evaluate(() => (window.location.hash = 'token=%E0%A4%A'));
    await page.waitForFunction(() => document.body.dataset.state === 'error');
    expect(new URL(page.url()).hash).toBe('');
  });

  it.each(LANGUAGES.map((l) => [l.code]))(
    'shows every view in %s, with the page language set, and no axe-core violation',
    async (code) => {
      await open(page, url, `token=${token}`);
      await chooseLanguage(page, code);
      const messages = MESSAGES[code as keyof typeof MESSAGES];
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(code);
      expect(await page.title()).toBe(messages['page.title']);
      const texts = await pageTexts(page);
      for (const [key, text] of Object.entries(texts)) {
        const expected = messages[key as keyof typeof messages].replace(/\{\w+\}/g, '');
        for (const part of expected.split(/\s{2,}/)) expect(text).toContain(part.trim());
      }
      expect(await page.textContent('[data-view="overview"] h2')).toBe(messages['overview.title']);
      expect(await page.textContent('[data-view="overview"] thead th')).toBe(messages['table.country']);
      expect(await page.getAttribute('[data-view="flows"] button.csv', 'aria-label')).toBe(
        messages['view.csvName'].replace('{title}', messages['flows.title']),
      );
      // This gateway's other members (SE, NO) do not run: their rows say so once, in the language, in
      // words (not the gateway's code).
      const unavailable = await page.textContent('[data-view="overview"] td.unavailable');
      expect(unavailable).toBe(
        messages['cell.unavailable'].replace('{reason}', messages['reason.unavailable']),
      );
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, `dashboard-${code}.png`), fullPage: true });
    },
  );

  it("defaults to the browser's language", async () => {
    const swedish = await browser.context.newPage();
    await swedish.addInitScript(() =>
      Object.defineProperty(navigator, 'languages', { get: () => ['sv-FI', 'sv', 'en'] }),
    );
    await swedish.goto(`${url}#token=${token}`);
    await swedish.evaluate(() => localStorage.removeItem('nordic-dashboard:lang'));
    await swedish.reload();
    await swedish.waitForFunction(() => document.body.dataset.state === 'no-token');
    expect(await swedish.evaluate(() => document.documentElement.lang)).toBe('sv');
    expect(await swedish.textContent('h1')).toBe(MESSAGES.sv['page.title']);
    expect(await swedish.textContent('#message')).toBe(MESSAGES.sv['message.noToken']);
    await swedish.close();
  });

  it('fits a 400 px wide window without sideways scrolling, with no axe-core violation', async () => {
    await page.setViewportSize({ width: 400, height: 900 });
    await open(page, url, `token=${token}`);
    await chooseLanguage(page, 'en');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    const widest = await page.$$eval('.card', (cards) =>
      Math.max(...cards.map((c) => c.getBoundingClientRect().right)),
    );
    expect(widest).toBeLessThanOrEqual(400);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-400px.png'), fullPage: true });
    await page.setViewportSize({ width: 1400, height: 1000 });
  });

  it('follows dark mode, with no axe-core violation', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await open(page, url, `token=${token}`);
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
    expect(r! + g! + b!).toBeLessThan(3 * 60);
    const cell = await page.$eval(
      '[data-view="overview"] td.unavailable',
      (td) => getComputedStyle(td).color,
    );
    expect(cell).not.toBe(background);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('works by keyboard: skip to the figures, reach the downloads and a table, download by Enter', async () => {
    await open(page, url, `token=${token}`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('figures');
    const focused: string[] = [];
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      focused.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          return `${el.tagName.toLowerCase()}.${el.className}`;
        }),
      );
    }
    expect(focused).toEqual(['button.csv', 'button.png', 'button.svg', 'div.table', 'button.csv']);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const file = join(ARTIFACTS, 'exploitation-mix-keyboard.csv');
    await download.saveAs(file);
    const lines = readFileSync(file, 'utf8').split('\r\n');
    expect(lines[0]).toMatch(/^# title,"Exploitation mix per country, \d{4}"$/);
  });
});
