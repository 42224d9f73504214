import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { tokenFor } from '../support/auth';
import { ARTIFACTS, type HeadlessBrowser, launchChromium } from '../support/browser';
import { nextRender, renderedGeneration } from '../support/dashboardPage';
import { postGraphql } from '../support/graphql';
import { COUNTRIES, NordicNetwork } from '../support/nordicNetwork';

/** The test's own question to the API, asked for the same filters as the page shows. */
const API_QUERY = `query($from: Int!, $to: Int!) {
  countries {
    code
    perYear: statistics(year: $from, yearTo: $to) { year value suppressed suppression threshold provisional }
    identified: statistics(year: $from, yearTo: $to, measure: IDENTIFIED_VICTIMS) { year value suppressed provisional }
    mix: statistics(year: $to, groupBy: [EXPLOITATION_GROUP]) { exploitationGroup value suppressed }
    routeFlows(year: $from, yearTo: $to) { from to value suppressed suppression threshold }
    referralMetrics(year: $from, yearTo: $to) { toCountry sent { value suppressed } accepted { value suppressed } declined { value suppressed } }
  }
}`;

const englishName = (code: string) => new Intl.DisplayNames(['en'], { type: 'region' }).of(code) as string;
const drawn = (cell: { value: number | null; suppressed: boolean } | undefined) =>
  cell === undefined ? 0 : cell.suppressed ? null : cell.value;

interface YearCell {
  year: number;
  value: number | null;
  suppressed: boolean;
  provisional?: boolean | null;
}

/**
 * What a per-year chart draws (docs/analysts.md): a hidden figure is a gap; so is a year with no records
 * before the country's first records (`first`, from its registered victims), or a provisional year (the
 * current one) with nothing recorded yet — "no data", not zero; any other year without a row is 0.
 */
const drawnYear = (cells: YearCell[], year: number, first: number | null) => {
  const cell = cells.find((c) => c.year === year);
  if (cell?.suppressed) return null;
  if ((cell?.value ?? 0) > 0) return cell?.value;
  const provisional = cell?.provisional ?? year >= new Date().getUTCFullYear();
  if (first === null || year < first || provisional) return null;
  return cell?.value ?? 0;
};
const firstYear = (cells: YearCell[]) => {
  const years = cells.filter((c) => c.suppressed || (c.value ?? 0) > 0).map((c) => c.year);
  return years.length ? Math.min(...years) : null;
};
/** A country's per-year series as drawn, for `measure` ('perYear' or 'identified'). */
const drawnSeries = (answer: any, years: number[], measure: 'perYear' | 'identified') =>
  years.map((y) => drawnYear(answer[measure], y, firstYear(answer.perYear)));

function yearsOf(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

interface ChartData {
  xAxis: string[] | null;
  yAxis: string[] | null;
  series: { name: string; data: unknown[] }[];
  links: { source: string; target: string; value: number }[] | null;
}

/** What a chart holds, read from the ECharts instance the page drew. */
function chartData(page: Page, view: string): Promise<ChartData> {
  return page.evaluate((name) => {
    const charts = (window as any).nordicDashboard.charts as Map<string, any>;
    const option = charts.get(name).getOption();
    return {
      xAxis: option.xAxis?.[0]?.data ?? null,
      yAxis: option.yAxis?.[0]?.data ?? null,
      series: option.series.map((s: any) => ({ name: s.name, data: s.data })),
      links:
        option.series[0].type === 'sankey'
          ? option.series[0].links.map((l: any) => ({ source: l.source, target: l.target, value: l.value }))
          : null,
    };
  }, view);
}

/** The text of a view's table, row by row. */
function tableText(page: Page, view: string): Promise<string[][]> {
  return page.$$eval(`[data-view="${view}"] .table tr`, (rows) =>
    rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent ?? '')),
  );
}

describe('the Nordic dashboard in headless Chromium', () => {
  const network = new NordicNetwork({ backend: 'sqlite', schemaCheckIntervalSeconds: 1 });
  let browser: HeadlessBrowser;
  let page: Page;
  let token: string;
  let api: (from: number, to: number) => Promise<Map<string, any>>;

  beforeAll(async () => {
    await network.start();
    browser = await launchChromium();
    token = await tokenFor({
      country: 'SE',
      roles: ['ANALYST'],
      subject: 'se-dashboard-test',
      ttlSeconds: 3600,
    });
    api = async (from, to) => {
      const response = await postGraphql(
        network.gatewayUrl,
        API_QUERY,
        { from, to },
        { token, purpose: null },
      );
      return new Map((response.data?.countries as any[]).map((c) => [c.code, c]));
    };
    page = await browser.context.newPage();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await network.stop();
  });

  async function filters(): Promise<{ yearFrom: number; yearTo: number }> {
    return page.evaluate(() => (window as any).nordicDashboard.filters());
  }

  it('loads from the gateway with the token from the link, forgets the link, and shows every country up', async () => {
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(`${network.gateway.url}/dashboard#token=${token}`);
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    expect(new URL(page.url()).hash).toBe('');
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expect(stored).not.toContain(token.split('.')[1]);
    const tiles = await page.$$eval('#status li', (items) =>
      items.map((i) => [(i as HTMLElement).dataset.country, (i as HTMLElement).dataset.state]),
    );
    expect(tiles).toEqual(COUNTRIES.map((c) => [c, 'up']));
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-nordic.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  it('draws every chart with the numbers the API returns for the same filters', async () => {
    const { yearFrom, yearTo } = await filters();
    const answer = await api(yearFrom, yearTo);
    const years = yearsOf(yearFrom, yearTo);

    const overview = await chartData(page, 'overview');
    expect(overview.xAxis).toEqual(years.map(String));
    expect(overview.series).toEqual(
      COUNTRIES.map((c) => ({
        name: englishName(c),
        data: drawnSeries(answer.get(c), years, 'perYear'),
      })),
    );

    const trend = await chartData(page, 'trend');
    expect(trend.series).toEqual(
      COUNTRIES.map((c) => ({
        name: englishName(c),
        data: drawnSeries(answer.get(c), years, 'identified'),
      })),
    );

    const mix = await chartData(page, 'mix');
    expect(mix.yAxis).toEqual(COUNTRIES.map(englishName));
    const groups = ['SEXUAL', 'FORCED_LABOUR_OR_SERVICES', 'OTHER', 'UNKNOWN'].filter((g) =>
      COUNTRIES.some((c) => answer.get(c).mix.some((r: any) => r.exploitationGroup === g)),
    );
    expect(mix.series.map((s) => s.data)).toEqual(
      groups.map((g) =>
        // A country with no records in the mix's year has no data there (a gap), not zeros.
        COUNTRIES.map((c) =>
          answer.get(c).mix.some((r: any) => r.suppressed || r.value > 0)
            ? drawn(answer.get(c).mix.find((r: any) => r.exploitationGroup === g))
            : null,
        ),
      ),
    );

    const referrals = await chartData(page, 'referrals');
    const pairs = COUNTRIES.flatMap((c) =>
      answer.get(c).referralMetrics.map((m: any) => ({ from: c, ...m })),
    );
    expect(referrals.xAxis).toEqual(pairs.map((p) => `${p.from} → ${p.toCountry}`));
    expect(referrals.series.map((s) => s.data)).toEqual(
      ['sent', 'accepted', 'declined'].map((name) => pairs.map((p) => drawn(p[name]))),
    );

    // Route flows: the visible counts of each route added up over the five registering countries.
    const totals = new Map<string, number>();
    for (const c of COUNTRIES) {
      for (const f of answer.get(c).routeFlows) {
        if (!f.suppressed) totals.set(`${f.from}>${f.to}`, (totals.get(`${f.from}>${f.to}`) ?? 0) + f.value);
      }
    }
    const flows = await chartData(page, 'flows');
    expect(flows.links!.length).toBe(Math.min(30, [...totals.values()].filter((v) => v > 0).length));
    const top = [...totals.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const [from, to] = top[0].split('>') as [string, string];
    expect(flows.links![0]).toEqual({
      source: `${englishName(from)} (recruited)`,
      target: `${englishName(to)} (exploited)`,
      value: top[1],
    });
    for (const link of flows.links!) {
      const key = [...totals.keys()].find(
        (k) =>
          `${englishName(k.split('>')[0]!)} (recruited)` === link.source &&
          `${englishName(k.split('>')[1]!)} (exploited)` === link.target,
      );
      expect(link.value).toBe(totals.get(key!));
    }
  });

  it('shows perturbed figures, never a count from 1 to 4, and says that totals may differ from their parts', async () => {
    const { yearFrom, yearTo } = await filters();
    const answer = await api(yearFrom, yearTo);
    const flows = COUNTRIES.flatMap((c) => answer.get(c).routeFlows.map((f: any) => ({ country: c, ...f })));
    expect(flows.length).toBeGreaterThan(0);
    for (const f of flows) expect(f.value === 0 || f.value >= f.threshold).toBe(true);
    const table = await tableText(page, 'flows');
    const header = table[0]!;
    for (const flow of flows.slice(0, 20)) {
      const row = table.find((r) => r[0] === englishName(flow.from) && r[1] === englishName(flow.to))!;
      expect(row[header.indexOf(`Registered in ${flow.country}`)]).toBe(String(flow.value));
    }
    const shown = table.slice(1).flatMap((r) => r.slice(2));
    expect(shown.filter((t) => /^[1-4]$/.test(t))).toEqual([]);
    const note = await page.$eval('#perturbation-note', (p) => p.textContent ?? '');
    expect(note).toMatch(/at most ±3/);
    expect(note).toMatch(/need not equal the sum of their parts/);
  });

  it('downloads each table as CSV, one cell per line with its flag, and a year in the Eurostat THB breakdown with its flags', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-view="flows"] button.csv'),
    ]);
    const file = join(ARTIFACTS, 'route-flows.csv');
    await download.saveAs(file);
    const csv = readFileSync(file, 'utf8').trim().split('\r\n');
    const metadata = csv.filter((l) => l.startsWith('# '));
    expect(metadata.map((l) => l.split(',')[0])).toEqual([
      '# title',
      '# source',
      '# protection',
      '# generatedAt',
      '# language',
      '# years',
    ]);
    expect(metadata).toContain('# language,en');
    expect(metadata.find((l) => l.startsWith('# protection'))).toMatch(/at most ±3/);
    const lines = csv.slice(metadata.length);
    expect(lines[0]).toBe('Recruited in,Exploited in,Registering country,value,flag');
    const table = await tableText(page, 'flows');
    const columns = table[0]!.slice(2);
    // Every cell of the table is one line; the value column holds a number or nothing, the flag the rest.
    expect(lines.length - 1).toBe((table.length - 1) * columns.length);
    const rows = lines.slice(1).map((l) => l.split(','));
    for (const row of rows) {
      expect(row[3]).toMatch(/^(\d+)?$/);
      expect(['perturbed', 'at least', 'suppressed', '< 5', '']).toContain(row[4]);
    }
    const first = table[1]!;
    expect(rows.slice(0, columns.length).map((r) => r[3])).toEqual(
      first.slice(2).map((text) => text.replace(/\D/g, '')),
    );

    const year = Number(await page.$eval('#eurostat-year', (s) => (s as HTMLSelectElement).value));
    const [eurostat] = await Promise.all([page.waitForEvent('download'), page.click('#eurostat-download')]);
    const eurostatFile = join(ARTIFACTS, 'eurostat-thb.csv');
    await eurostat.saveAs(eurostatFile);
    const eurostatLines = readFileSync(eurostatFile, 'utf8').trim().split('\r\n');
    const data = eurostatLines.filter((l) => !l.startsWith('# '));
    expect(eurostatLines.length - data.length).toBe(6);
    const expected = await postGraphql(
      network.gatewayUrl,
      `query($year: Int!) { countries { code eurostatExport(year: $year) { table rows { value suppressed perturbed maxDeviation } } } }`,
      { year },
      { token, purpose: null },
    );
    const cells = (expected.data?.countries as any[])
      .filter((c) => c.eurostatExport)
      .flatMap((c) => c.eurostatExport.flatMap((t: any) => t.rows));
    expect(data[0]).toMatch(/^country,year,table,measure,/);
    expect(data.length - 1).toBe(cells.length);
    expect(data[0]).toMatch(/,value,flag,obs_status,conf_status,perturbed,max_deviation,/);
    // Not reported: no value, M; a perturbed figure: a number, E (or P for the current year), free for publication.
    expect(data.filter((l) => /,,not reported,M,F,/.test(l)).length).toBe(
      cells.filter((r: any) => r.suppressed).length,
    );
    expect(data.filter((l) => /,\d+,perturbed,[EP],F,true,3,/.test(l)).length).toBe(
      cells.filter((r: any) => r.perturbed && r.maxDeviation === 3).length,
    );
  });

  it('redraws every chart when the year range changes', async () => {
    const before = await renderedGeneration(page);
    const { yearTo } = await filters();
    await page.selectOption('#year-from', String(yearTo - 1));
    await nextRender(page, before);
    const answer = await api(yearTo - 1, yearTo);
    const overview = await chartData(page, 'overview');
    expect(overview.xAxis).toEqual([String(yearTo - 1), String(yearTo)]);
    expect(overview.series.map((s) => s.data)).toEqual(
      COUNTRIES.map((c) => drawnSeries(answer.get(c), [yearTo - 1, yearTo], 'perYear')),
    );
    const referrals = await chartData(page, 'referrals');
    const pairs = COUNTRIES.flatMap((c) =>
      answer.get(c).referralMetrics.map((m: any) => `${c} → ${m.toCountry}`),
    );
    expect(referrals.xAxis).toEqual(pairs);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-two-years.png'), fullPage: true });
  });

  it("labels the charts in a Nordic language with the network registry's code-list labels", async () => {
    const before = await renderedGeneration(page);
    await page.selectOption('#lang', 'fi');
    await nextRender(page, before);
    const labels = await postGraphql(
      network.gatewayUrl,
      '{ codeList(name: "EurostatExploitationGroup", lang: "fi") { values { code label } } }',
      undefined,
      { token, purpose: null },
    );
    const finnish = new Map(
      (labels.data?.codeList as any).values.map((v: any) => [v.code, v.label] as [string, string]),
    );
    const mix = await chartData(page, 'mix');
    expect(mix.series.length).toBeGreaterThan(0);
    for (const series of mix.series) expect([...finnish.values()]).toContain(series.name);
    expect(mix.series[0]!.name).toBe(finnish.get('SEXUAL'));
    expect(mix.yAxis?.[0]).toBe(new Intl.DisplayNames(['fi'], { type: 'region' }).of('FI'));
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-finnish.png'), fullPage: true });
    const back = await renderedGeneration(page);
    await page.selectOption('#lang', 'en');
    await nextRender(page, back);
  });

  it('leaves a country out of every view when it is unticked, and brings it back', async () => {
    const before = await renderedGeneration(page);
    await page.uncheck('input[name=country][value="DK"]');
    await nextRender(page, before);
    const withoutDenmark = COUNTRIES.filter((c) => c !== 'DK').map(englishName);
    expect((await chartData(page, 'overview')).series.map((s) => s.name)).toEqual(withoutDenmark);
    expect((await chartData(page, 'mix')).yAxis).toEqual(withoutDenmark);
    expect((await tableText(page, 'referrals')).some((r) => r[0] === englishName('DK'))).toBe(false);
    expect((await tableText(page, 'flows'))[0]).not.toContain('Registered in DK');
    const after = await renderedGeneration(page);
    await page.check('input[name=country][value="DK"]');
    await nextRender(page, after);
    expect((await chartData(page, 'overview')).series.map((s) => s.name)).toEqual(COUNTRIES.map(englishName));
  });

  it('shows a stopped country as unavailable and keeps every other country on the page', async () => {
    await network.stopCountry('NO');
    const before = await renderedGeneration(page);
    await page.click('#refresh');
    await nextRender(page, before);
    expect(
      await page.$eval('#status li[data-country="NO"]', (t) => (t as HTMLElement).dataset.answered),
    ).toBe('false');
    const tile = await page.$eval('#status li[data-country="NO"]', (t) => t.textContent ?? '');
    expect(tile).toMatch(/unavailable/);
    const others = COUNTRIES.filter((c) => c !== 'NO');
    const { yearFrom, yearTo } = await filters();
    const answer = await api(yearFrom, yearTo);
    const overview = await chartData(page, 'overview');
    expect(overview.series).toEqual(
      others.map((c) => ({
        name: englishName(c),
        data: drawnSeries(answer.get(c), yearsOf(yearFrom, yearTo), 'perYear'),
      })),
    );
    const flows = await chartData(page, 'flows');
    expect(flows.links!.length).toBeGreaterThan(0);
    const table = await tableText(page, 'overview');
    expect(table.find((r) => r[0] === englishName('NO'))?.[1]).toMatch(/^unavailable/);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-norway-down.png'), fullPage: true });
  });
});
