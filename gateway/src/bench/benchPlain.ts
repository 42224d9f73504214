/**
 * `npm run bench:plain [-- --duration 10 --connections 20 --rounds 2 --cpu-prof <dir>]`
 *
 * Plain mode (`--supergraph`) against stock Apollo Gateway on the deep nested query of
 * plainSubgraphs.ts, in one run on one machine: four subgraph processes (accounts, products,
 * inventory, reviews), the stock gateway and ours, both single-process. Checks that both answer the
 * same bytes, counts at the subgraphs how many requests and entity representations one query costs,
 * then measures requests per second under load (autocannon), alternating the two gateways `rounds`
 * times. `--cpu-prof <dir>` starts our gateway with `node --cpu-prof` (the profile is written when it
 * stops).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevKeys, issueDevToken, parseFlags } from '@nordic/subgraph-common';
import { type Service, load, peakMemoryMiB, printTable, start, stop } from './benchSupport';
import {
  DEEP_QUERY,
  PLAIN_SUBGRAPHS,
  type PlainSubgraphName,
  type SubgraphCounts,
  composePlainSupergraph,
} from './plainSubgraphs';

async function post(url: string, body: string, bearer: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body,
  });
  return response.text();
}

/** What one query costs at the subgraphs: requests and representations, summed over the four. */
async function fanOut(
  subgraphs: Map<PlainSubgraphName, Service>,
  run: () => Promise<unknown>,
): Promise<SubgraphCounts> {
  const base = (s: Service) => s.url;
  await Promise.all([...subgraphs.values()].map((s) => fetch(`${base(s)}/counts/reset`, { method: 'POST' })));
  await run();
  const counts = await Promise.all(
    [...subgraphs.values()].map(
      async (s) => (await (await fetch(`${base(s)}/counts`)).json()) as SubgraphCounts,
    ),
  );
  return counts.reduce((a, b) => ({
    requests: a.requests + b.requests,
    representations: a.representations + b.representations,
  }));
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const duration = Number(flags.duration ?? 10);
  const connections = Number(flags.connections ?? 20);
  const rounds = Number(flags.rounds ?? 2);
  const dir = mkdtempSync(join(tmpdir(), 'nordic-bench-plain-'));
  await ensureDevKeys();
  const bearer = await issueDevToken({
    country: 'FI',
    roles: ['NATIONAL_COORDINATOR'],
    subject: 'fi-bench',
    ttlSeconds: 3600,
  });
  const services: Service[] = [];
  try {
    const subgraphs = new Map<PlainSubgraphName, Service>();
    await Promise.all(
      PLAIN_SUBGRAPHS.map(async (name) => {
        const service = await start('gateway/dist/bench/plainSubgraphCli.js', ['--subgraph', name]);
        subgraphs.set(name, service);
        services.push(service);
      }),
    );
    const urls = Object.fromEntries(PLAIN_SUBGRAPHS.map((n) => [n, `${subgraphs.get(n)?.url}/graphql`]));
    const supergraph = join(dir, 'supergraph.graphql');
    writeFileSync(supergraph, composePlainSupergraph(urls as Record<PlainSubgraphName, string>));
    const stock = await start('gateway/dist/bench/stockGatewayCli.js', ['--supergraph', supergraph]);
    services.push(stock);
    const profile = flags['cpu-prof'];
    const ours = await start(
      'gateway/dist/main.js',
      ['--supergraph', supergraph, '--port', '0'],
      {
        // The deep query costs ~100,000 under the default cost model (lists count 10): lift the limit.
        GATEWAY_MAX_COST: '10000000',
      },
      profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [],
    );
    services.push(ours);

    const body = JSON.stringify({ query: DEEP_QUERY, operationName: 'DeepQuery' });
    const stockAnswer = await post(`${stock.url}/graphql`, body, bearer);
    const ourAnswer = await post(`${ours.url}/graphql`, body, bearer);
    if (ourAnswer !== stockAnswer) {
      writeFileSync(join(dir, 'stock.json'), stockAnswer);
      writeFileSync(join(dir, 'ours.json'), ourAnswer);
      throw new Error(`the two gateways answer differently: see ${dir}/stock.json and ${dir}/ours.json`);
    }
    if (stockAnswer.includes('"errors"'))
      throw new Error(`the deep query failed: ${stockAnswer.slice(0, 300)}`);
    const stockFanOut = await fanOut(subgraphs, () => post(`${stock.url}/graphql`, body, bearer));
    const ourFanOut = await fanOut(subgraphs, () => post(`${ours.url}/graphql`, body, bearer));

    console.error(
      `measuring throughput: ${rounds} × (stock, ours), ${connections} connections × ${duration} s each…`,
    );
    const headers = { authorization: `Bearer ${bearer}` };
    const results = {
      stock: [] as number[],
      ours: [] as number[],
      p50: { stock: [] as number[], ours: [] as number[] },
    };
    const failures = { stock: 0, ours: 0 };
    for (let round = 0; round < rounds; round++) {
      for (const [name, service] of [
        ['stock', stock],
        ['ours', ours],
      ] as const) {
        const result = await load(`${service.url}/graphql`, body, headers, connections, duration);
        results[name].push(result.requests.average);
        results.p50[name].push(result.latency.p50);
        failures[name] += result.errors + result.non2xx;
      }
    }
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const stockRps = mean(results.stock);
    const ourRps = mean(results.ours);
    const rows: [string, string][] = [
      [
        'response size (identical bytes from both)',
        `${(Buffer.byteLength(stockAnswer) / 1024).toFixed(1)} KiB`,
      ],
      [
        'stock Apollo Gateway: subgraph requests / representations per query',
        `${stockFanOut.requests} / ${stockFanOut.representations}`,
      ],
      [
        'plain mode: subgraph requests / representations per query',
        `${ourFanOut.requests} / ${ourFanOut.representations}`,
      ],
      [
        'stock Apollo Gateway: req/s (each round), p50',
        `${Math.round(stockRps)} (${results.stock.map(Math.round).join(', ')}), ${mean(results.p50.stock).toFixed(1)} ms`,
      ],
      [
        'plain mode: req/s (each round), p50',
        `${Math.round(ourRps)} (${results.ours.map(Math.round).join(', ')}), ${mean(results.p50.ours).toFixed(1)} ms`,
      ],
      ['ratio plain mode / stock', `×${(ourRps / stockRps).toFixed(2)}`],
      ['errors / non-2xx / timeouts under load: stock, plain mode', `${failures.stock}, ${failures.ours}`],
      [
        'peak memory (RSS): stock, plain mode',
        `${peakMemoryMiB(stock.child.pid)}, ${peakMemoryMiB(ours.child.pid)}`,
      ],
    ];
    printTable(
      `plain-mode benchmark (deep query; ${connections} connections × ${duration} s × ${rounds} rounds)`,
      rows,
    );
  } finally {
    await Promise.all(services.map((s) => stop(s)));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
