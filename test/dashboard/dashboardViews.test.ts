import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { BREAKDOWNS } from '../../gateway/dashboard/dashboardQuery';
import { LANGUAGES, MESSAGES } from '../../gateway/dashboard/messages';
import { tokenFor } from '../support/auth';
import { ARTIFACTS, type HeadlessBrowser, launchChromium } from '../support/browser';
import { nextRender, renderedGeneration } from '../support/dashboardPage';
import { postGraphql } from '../support/graphql';
import { type SmallNetwork, startFinlandBehindGateway, tempDir } from '../support/services';

/*
 * The analysts' views (issue 16.4), in headless Chromium against a real gateway, national service
 * (FI, seeded 2019–2025) and network registry, with SE configured but down: no data before the first
 * records, the provisional year, rates per 100,000 from the registry's population, the year × breakdown
 * views, the mix's year, shareable filters, chart images, and a country that is down said once. One
 * browser and one network for the file.
 */

const THIS_YEAR = new Date().getUTCFullYear();
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const DOCS_IMAGES = join(__dirname, '..', '..', 'docs', 'images');
const FIELDS: Record<string, string> = {
  EXPLOITATION_GROUP: 'exploitationGroup',
  SEX: 'sex',
  AGE_GROUP: 'ageGroup',
  CITIZENSHIP_GROUP: 'citizenshipGroup',
};

async function axeViolations(page: Page): Promise<{ id: string; nodes: string[] }[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
  expect(result.passes.map((r) => r.id)).toContain('color-contrast');
  return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

function tableText(page: Page, view: string): Promise<string[][]> {
  return page.$$eval(`[data-view="${view}"] .table tr`, (rows) =>
    rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent ?? '')),
  );
}

function chartSeries(page: Page, view: string): Promise<{ name: string; data: unknown[] }[]> {
  return page.evaluate((name) => {
    const chart = (window as any).nordicDashboard.charts.get(name);
    return chart.getOption().series.map((s: any) => ({
      name: s.name,
      data: s.data.map((d: any) => (d !== null && typeof d === 'object' ? d.value : d)),
    }));
  }, view);
}

const en = (n: number, digits = 0) =>
  new Intl.NumberFormat('en', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);

describe('the analysts’ views of the dashboard', () => {
  let small: SmallNetwork;
  let browser: HeadlessBrowser;
  let page: Page;
  let token: string;
  let url: string;

  const api = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await postGraphql(`${small.gateway.url}/graphql`, query, variables, {
      token,
      purpose: null,
    });
    return response.data as any;
  };

  /** Opens the dashboard afresh with a query string (a shared link) and the token in the fragment. */
  async function open(query: string): Promise<void> {
    await page.goto('about:blank');
    await page.goto(`${url}${query}#token=${token}`);
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
  }

  async function choose(selector: string, value: string): Promise<void> {
    const before = await renderedGeneration(page);
    await page.selectOption(selector, value);
    await nextRender(page, before);
  }

  beforeAll(async () => {
    [small, browser, token] = await Promise.all([
      startFinlandBehindGateway(tempDir('dash-views'), { seed: true, unreachable: ['SE'] }),
      launchChromium(),
      tokenFor({ country: 'FI', roles: ['ANALYST'], subject: 'fi-views-test', ttlSeconds: 3600 }),
    ]);
    url = `${small.gateway.url}/dashboard`;
    page = await browser.context.newPage();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await small?.stop();
  });

  it('shows the years before the first records as "no data" and the current year as provisional, not as zeros', async () => {
    const from = THIS_YEAR - 11;
    await open(`?from=${from}&to=${THIS_YEAR}&countries=FI,SE`);
    const answer = await api(
      `query($from: Int!, $to: Int!) { country(code: FI) { statistics(year: $from, yearTo: $to) { year value suppressed } } }`,
      { from, to: THIS_YEAR },
    );
    const rows = answer.country.statistics as { year: number; value: number; suppressed: boolean }[];
    const table = await tableText(page, 'overview');
    expect(table[0]?.at(-1)).toBe(`${THIS_YEAR} (provisional)`);
    const finland = table.find((r) => r[0] === 'Finland')!;
    const first = Math.min(...rows.filter((r) => r.suppressed || r.value > 0).map((r) => r.year));
    expect(first).toBeGreaterThan(from);
    rows.forEach((row, i) => {
      const shown = finland[i + 1];
      if (row.year < first || (row.year === THIS_YEAR && row.value === 0)) expect(shown).toBe('no data');
      else expect(shown).toBe(row.suppressed ? expect.any(String) : en(row.value));
    });
    const [series] = await chartSeries(page, 'overview');
    expect(series?.data.slice(0, first - from)).toEqual(Array(first - from).fill(null));
  });

  it('says once, in words, that a country did not answer, instead of its error code in every cell', async () => {
    const notice = await page.textContent('#down-notice');
    expect(notice).toBe(
      MESSAGES.en['notice.down']
        .replace('{country}', 'Sweden')
        .replace('{reason}', MESSAGES.en['reason.unavailable']),
    );
    const unavailable = await page.$$eval('[data-view="overview"] td.unavailable', (tds) =>
      tds.map((td) => [td.textContent, td.getAttribute('colspan')]),
    );
    expect(unavailable).toEqual([
      ['unavailable (its national service does not answer)', String(THIS_YEAR - (THIS_YEAR - 11) + 1)],
    ]);
    expect(await page.textContent('body')).not.toMatch(/COUNTRY_[A-Z]+/);
    expect(await page.textContent('#status li[data-country="SE"]')).toMatch(
      /unavailable \(its national service does not answer\)/,
    );
  });

  it("shows rates per 100,000 inhabitants from the registry's population, computed from the published counts", async () => {
    await open(`?from=${THIS_YEAR - 4}&to=${THIS_YEAR - 1}&countries=FI&unit=rate`);
    const answer = await api(
      `query($from: Int!, $to: Int!) { country(code: FI) { populations { year inhabitants source }
        statistics(year: $from, yearTo: $to) { year value suppressed } } }`,
      { from: THIS_YEAR - 4, to: THIS_YEAR - 1 },
    );
    const populations = answer.country.populations as { year: number; inhabitants: number }[];
    expect(populations.length).toBeGreaterThan(0);
    const populationOf = (year: number) =>
      [...populations].reverse().find((p) => p.year <= year) ?? populations[0]!;
    const finland = (await tableText(page, 'overview')).find((r) => r[0] === 'Finland')!;
    (answer.country.statistics as { year: number; value: number; suppressed: boolean }[]).forEach(
      (row, i) => {
        if (row.suppressed || row.value === 0) return;
        expect(finland[i + 1]).toBe(en((row.value * 100_000) / populationOf(row.year).inhabitants, 2));
      },
    );
    expect(await page.textContent('[data-view="overview"] h2')).toMatch(/per 100,000 inhabitants$/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-view="overview"] button.csv'),
    ]);
    const file = join(ARTIFACTS, 'rates.csv');
    await download.saveAs(file);
    const csv = readFileSync(file, 'utf8');
    expect(download.suggestedFilename()).toMatch(/-per-100k\.csv$/);
    expect(csv).toMatch(
      /^# unit,"per 100,000 inhabitants, computed from the published \(protected\) counts/m,
    );
    expect(csv).toMatch(/^# population,"?population figures: FI \d{4}: \d+ \(Statistics Finland/m);
  });

  it.each([...BREAKDOWNS])(
    'shows registered victims by year and %s as each country published them, with hidden cells hidden',
    async (by) => {
      await open(`?from=${THIS_YEAR - 3}&to=${THIS_YEAR - 1}&countries=FI,SE&by=${by}`);
      const answer = await api(
        `query($from: Int!, $to: Int!, $by: StatisticDimension!) { country(code: FI) {
          statistics(year: $from, yearTo: $to, groupBy: [$by]) { year sex ageGroup citizenshipGroup exploitationGroup value suppressed } } }`,
        { from: THIS_YEAR - 3, to: THIS_YEAR - 1, by },
      );
      const cells = answer.country.statistics as Record<string, any>[];
      expect(cells.length).toBeGreaterThan(0);
      const table = await tableText(page, 'breakdown');
      const finland = table.filter((r) => r[0] === 'Finland');
      const categories = new Set(cells.map((c) => c[FIELDS[by]!]));
      expect(finland.length).toBe(categories.size);
      const shownNumbers = finland.flatMap((r) => r.slice(2)).filter((t) => /^\d/.test(t));
      const published = cells.filter((c) => !c.suppressed).map((c) => en(c.value));
      // Every number shown is one the country published (none derived), and none is from 1 to 4.
      for (const text of shownNumbers) expect([...published, '0']).toContain(text);
      expect(shownNumbers.filter((t) => /^[1-4]$/.test(t))).toEqual([]);
      const series = await chartSeries(page, 'breakdown');
      expect(series.length).toBe(categories.size);
      expect(await axeViolations(page)).toEqual([]);
      if (process.env.DOCS_SCREENSHOTS && by === 'SEX')
        await page
          .locator('[data-view="breakdown"]')
          .screenshot({ path: join(DOCS_IMAGES, 'dashboard-breakdown.png') });
    },
  );

  it('draws the exploitation mix of the year picked', async () => {
    await open(`?countries=FI`);
    await choose('#mix-year', String(THIS_YEAR - 5));
    const answer = await api(
      `query($year: Int!) { country(code: FI) { statistics(year: $year, groupBy: [EXPLOITATION_GROUP]) { exploitationGroup value suppressed } } }`,
      { year: THIS_YEAR - 5 },
    );
    expect(await page.textContent('[data-view="mix"] h2')).toBe(
      `Exploitation mix per country, ${THIS_YEAR - 5}`,
    );
    const drawn = (await chartSeries(page, 'mix')).map((s) => s.data[0]);
    const published = (answer.country.statistics as any[]).map((c) => (c.suppressed ? null : c.value));
    expect(drawn.sort()).toEqual(published.sort());
  });

  it('puts the filters in the address, never the token, so that the link opens the same view', async () => {
    await open(`?from=${THIS_YEAR - 3}&to=${THIS_YEAR - 1}`);
    await choose('#unit', 'rate');
    await choose('#breakdown-by', 'AGE_GROUP');
    await choose('#mix-year', String(THIS_YEAR - 2));
    const address = new URL(page.url());
    expect(address.hash).toBe('');
    expect(page.url()).not.toContain(token.split('.')[1]);
    expect(Object.fromEntries(address.searchParams)).toMatchObject({
      from: String(THIS_YEAR - 3),
      to: String(THIS_YEAR - 1),
      unit: 'rate',
      by: 'AGE_GROUP',
      mix: String(THIS_YEAR - 2),
      countries: 'FI,SE',
    });
    const chosen = await page.evaluate(() => (window as any).nordicDashboard.filters());
    const other = await browser.context.newPage();
    await other.goto(`${address.href}#token=${token}`);
    await other.waitForFunction(() => document.body.dataset.state === 'ready');
    expect(await other.evaluate(() => (window as any).nordicDashboard.filters())).toEqual(chosen);
    expect(await other.textContent('[data-view="breakdown"] h2')).toBe(
      `Registered victims by age group and year per 100,000 inhabitants`,
    );
    await other.close();
  });

  it('exports a chart as PNG and as SVG', async () => {
    await open(`?countries=FI`);
    const save = async (format: 'png' | 'svg') => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click(`[data-view="overview"] button.${format}`),
      ]);
      const file = join(ARTIFACTS, `overview-chart.${format}`);
      await download.saveAs(file);
      return { name: download.suggestedFilename(), file };
    };
    const png = await save('png');
    expect(png.name).toMatch(/^registered-victims-\d{4}-\d{4}\.png$/);
    expect(readFileSync(png.file).subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(statSync(png.file).size).toBeGreaterThan(2_000);
    const svg = await save('svg');
    const text = readFileSync(svg.file, 'utf8');
    expect(text).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(text).toContain('Finland');
    expect(await page.getAttribute('[data-view="overview"] button.png', 'aria-label')).toBe(
      'Download the chart of “Registered victims per country and year” as PNG',
    );
  });

  it.each(LANGUAGES.map((l) => [l.code]))(
    'has no axe-core violation in %s with rates and the citizenship breakdown',
    async (code) => {
      await open(`?lang=${code}&unit=rate&by=CITIZENSHIP_GROUP&from=${THIS_YEAR - 3}&to=${THIS_YEAR}`);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(code);
      const messages = MESSAGES[code as keyof typeof MESSAGES];
      expect(await page.textContent('[data-view="breakdown"] h2')).toBe(
        `${messages['breakdown.title'].replace('{dimension}', messages['dimension.citizenship'])} ${messages['axis.rate']}`,
      );
      expect(await axeViolations(page)).toEqual([]);
    },
  );

  it('has no axe-core violation 400 px wide and in dark mode, with every view', async () => {
    await page.setViewportSize({ width: 400, height: 900 });
    await open(`?unit=rate&by=SEX`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await open(`?by=AGE_GROUP&from=${THIS_YEAR - 6}&to=${THIS_YEAR}`);
    expect(await axeViolations(page)).toEqual([]);
    if (process.env.DOCS_SCREENSHOTS)
      await page
        .locator('[data-view="overview"]')
        .screenshot({ path: join(DOCS_IMAGES, 'dashboard-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    if (process.env.DOCS_SCREENSHOTS) {
      await open(`?from=${THIS_YEAR - 9}&to=${THIS_YEAR}&countries=FI,SE`);
      await page.screenshot({ path: join(DOCS_IMAGES, 'dashboard-overview.png') });
    }
  });
});
