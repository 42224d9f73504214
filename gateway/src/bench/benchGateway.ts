/**
 * `npm run bench:gateway [-- --duration 10 --connections 10 --requests 300]`
 *
 * Starts the Nordic network as real processes (network registry, five national services on SQLite,
 * seeded at scale 1), the Nordic gateway, and a stock `@apollo/gateway` serving an equivalent plain
 * supergraph (network + Finland), then measures on the same machine and run:
 *   (a) a single-country query through the Nordic gateway vs straight to the national service;
 *   (b) the five-country statistics query vs the slowest single country, with the statistics cache on
 *       (a second Nordic gateway runs with it off) and its hit count;
 *   (c) throughput under concurrent load (autocannon), Nordic vs stock gateway, and peak memory.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { ensureDevSecrets, issueDevToken, parseFlags } from '@nordic/subgraph-common';
import {
  COUNTRIES,
  ROOT,
  type Service,
  load,
  peakMemoryMiB,
  printTable,
  start,
  startCountries,
} from './benchSupport';

/** Posts a query; any error fails the benchmark except AX/FO/GL being reported as not connected. */
let bearer = '';

async function post(url: string, query: string, variables?: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${bearer}`,
      'x-purpose': 'VICTIM_ASSISTANCE_CONTINUITY',
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as {
    errors?: { message: string; extensions?: { code?: string } }[];
    data?: unknown;
  };
  const unexpected = body.errors?.filter((e) => e.extensions?.code !== 'COUNTRY_NOT_CONNECTED') ?? [];
  if (unexpected.length > 0) throw new Error(`benchmark query failed at ${url}: ${unexpected[0]?.message}`);
  return body.data;
}

async function latency(requests: number, run: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 20; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < requests; i++) {
    const started = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))] as number;
  return { p50: at(0.5), p99: at(0.99) };
}

/** The gateway's `statistics_cache_requests_total` samples, summed by result. */
async function statisticsCacheCounts(url: string): Promise<{ hit: number; miss: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const counts = { hit: 0, miss: 0 };
  for (const match of text.matchAll(
    /^statistics_cache_requests_total\{[^}]*result="(hit|miss)"[^}]*\} (\S+)$/gm,
  ))
    counts[match[1] as 'hit' | 'miss'] += Number(match[2]);
  return counts;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const requests = Number(flags.requests ?? 300);
  const duration = Number(flags.duration ?? 10);
  const connections = Number(flags.connections ?? 10);
  const dir = mkdtempSync(join(tmpdir(), 'nordic-bench-gateway-'));
  // Every local secret the services read (identity providers, linkage key, service and audit keys).
  await ensureDevSecrets();
  bearer = await issueDevToken({
    country: 'FI',
    roles: ['NATIONAL_COORDINATOR'],
    subject: 'fi-bench',
    ttlSeconds: 3600,
  });
  const services: Service[] = [];
  try {
    const { network, national, gatewayConfig } = await startCountries(dir, services);
    const nordic = await start('gateway/dist/main.js', ['--config', gatewayConfig]);
    services.push(nordic);
    // The same gateway without the statistics cache, for row (b)'s comparison.
    const uncached = await start('gateway/dist/main.js', ['--config', gatewayConfig], {
      GATEWAY_STATISTICS_CACHE: 'false',
    });
    services.push(uncached);

    // The stock gateway: the same contract SDL, composed with Finland as an ordinary subgraph.
    const sdl = (name: string) => parse(readFileSync(join(ROOT, 'schema', `${name}.graphql`), 'utf8'));
    const composed = composeServices([
      { name: 'network', url: `${network.url}/graphql`, typeDefs: sdl('network') },
      { name: 'national', url: `${national.get('FI')?.url}/graphql`, typeDefs: sdl('national') },
    ]);
    if (!composed.supergraphSdl) throw new Error('the plain supergraph does not compose');
    writeFileSync(join(dir, 'plain.graphql'), composed.supergraphSdl);
    const stock = await start('gateway/dist/main.js', [
      '--supergraph',
      join(dir, 'plain.graphql'),
      '--port',
      '0',
    ]);
    services.push(stock);

    const finland = `${national.get('FI')?.url}/graphql`;
    const firstPage = (await post(finland, '{ cases(first: 1) { nodes { id } } }')) as {
      cases: { nodes: { id: string }[] }[];
    };
    const caseId = firstPage.cases[0]?.nodes[0]?.id as string;
    const single = `{ case(id: "${caseId}") { id status openedMonth exploitations { form country } } }`;
    const statistics =
      '{ countries { code statistics(year: 2023, groupBy: [EXPLOITATION_GROUP]) { exploitationGroup value suppressed } } }';
    const countryStats = (code: string) =>
      `{ _entities(representations: [{ __typename: "Country", code: "${code}" }]) { ... on Country { statistics(year: 2023, groupBy: [EXPLOITATION_GROUP]) { exploitationGroup value suppressed } } } }`;

    console.error('measuring (a) single-country latency…');
    const direct = await latency(requests, () => post(finland, single));
    const viaNordic = await latency(requests, () => post(`${nordic.url}/graphql`, single));
    const viaStock = await latency(requests, () => post(`${stock.url}/graphql`, single));

    console.error('measuring (b) five-country statistics…');
    const perCountry = await Promise.all(
      COUNTRIES.map(async (code) => ({
        code,
        ...(await latency(requests, () => post(`${national.get(code)?.url}/graphql`, countryStats(code)))),
      })),
    );
    const slowest = perCountry.reduce((a, b) => (b.p50 > a.p50 ? b : a));
    // The plan is sequential: the registry lists the countries, then the countries are asked in parallel.
    const registry = await latency(requests, () => post(`${network.url}/graphql`, '{ countries { code } }'));
    const scatter = await latency(requests, () => post(`${nordic.url}/graphql`, statistics));
    const scatterUncached = await latency(requests, () => post(`${uncached.url}/graphql`, statistics));
    const cacheCounts = await statisticsCacheCounts(nordic.url);

    console.error(`measuring (c) throughput, ${connections} connections × ${duration} s each…`);
    const body = JSON.stringify({ query: single });
    const headers = { authorization: `Bearer ${bearer}`, 'x-purpose': 'VICTIM_ASSISTANCE_CONTINUITY' };
    const loadNordic = await load(`${nordic.url}/graphql`, body, headers, connections, duration);
    const loadStock = await load(`${stock.url}/graphql`, body, headers, connections, duration);

    const ms = (v: number) => `${v.toFixed(2)} ms`;
    const rows: [string, string][] = [
      ['(a) single-country query, direct to FI: p50 / p99', `${ms(direct.p50)} / ${ms(direct.p99)}`],
      ['(a) same through the Nordic gateway: p50 / p99', `${ms(viaNordic.p50)} / ${ms(viaNordic.p99)}`],
      [
        '(a) gateway overhead at p50',
        `${ms(viaNordic.p50 - direct.p50)} (×${(viaNordic.p50 / direct.p50).toFixed(2)})`,
      ],
      ['(a) same through the stock Apollo Gateway: p50 / p99', `${ms(viaStock.p50)} / ${ms(viaStock.p99)}`],
      ['(b) slowest single country statistics: p50', `${ms(slowest.p50)} (${slowest.code})`],
      [
        '(b) five-country statistics via gateway, cache off: p50 / p99',
        `${ms(scatterUncached.p50)} / ${ms(scatterUncached.p99)}`,
      ],
      [
        '(b) same, statistics cache on: p50 / p99',
        `${ms(scatter.p50)} / ${ms(scatter.p99)} (×${(scatterUncached.p50 / scatter.p50).toFixed(2)} faster at p50)`,
      ],
      [
        '(b) statistics cache: hits / misses (hit rate)',
        `${cacheCounts.hit} / ${cacheCounts.miss} (${((100 * cacheCounts.hit) / Math.max(1, cacheCounts.hit + cacheCounts.miss)).toFixed(1)} %)`,
      ],
      ['(b) network registry `countries` fetch: p50', ms(registry.p50)],
      [
        '(b) scatter (cache off) minus (registry + slowest country) at p50',
        ms(scatterUncached.p50 - registry.p50 - slowest.p50),
      ],
      [
        '(c) Nordic gateway: req/s, p50 / p99',
        `${Math.round(loadNordic.requests.average)} req/s, ${loadNordic.latency.p50} / ${loadNordic.latency.p99} ms`,
      ],
      [
        '(c) stock Apollo Gateway: req/s, p50 / p99',
        `${Math.round(loadStock.requests.average)} req/s, ${loadStock.latency.p50} / ${loadStock.latency.p99} ms`,
      ],
      [
        '(c) errors / non-2xx (Nordic, stock)',
        `${loadNordic.errors + loadNordic.non2xx}, ${loadStock.errors + loadStock.non2xx}`,
      ],
      [
        'peak memory (RSS): Nordic gateway, stock gateway',
        `${peakMemoryMiB(nordic.child.pid)}, ${peakMemoryMiB(stock.child.pid)}`,
      ],
    ];
    printTable(
      `gateway benchmark (${requests} sequential requests per latency row; load: ${connections} connections × ${duration} s)`,
      rows,
    );
  } finally {
    for (const service of services) service.child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
