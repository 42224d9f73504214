/**
 * `npm run bench:scale [-- --duration 10 --connections 20 --sustain 30]`
 *
 * Scale-out figures of the Nordic gateway, on the network of five national services (SQLite, seeded at
 * scale 1) as real processes on this machine:
 *   (a) throughput and p50/p99 latency of a single-country query at 1, 2 and N (= cores) workers;
 *   (b) country requests per client query of the five-country statistics query under concurrent
 *       load, with and without in-flight deduplication;
 *   (c) entity representations per client query that the planner asks for and that the partition
 *       router sends on after dropping repeats (representation deduplication);
 *   (d) the gateway's memory (RSS) during a sustained load.
 * The national services and the load generator share the machine's cores with the gateway, so the
 * worker rows show what more workers buy on this machine, not on a dedicated gateway host.
 */
import { mkdtempSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevSecrets, issueDevToken, parseFlags } from '@nordic/subgraph-common';
import { type Service, load, memoryMiB, printTable, start, startCountries, stop } from './benchSupport';

const STATISTICS =
  '{ countries { code statistics(year: 2023, groupBy: [EXPLOITATION_GROUP]) { exploitationGroup value suppressed } } }';

/** The gateway's processes: the primary's workers (as they announced themselves) or the one process. */
function gatewayPids(gateway: Service): number[] {
  const workers = [...gateway.output().matchAll(/gateway worker \d+ \(pid (\d+)\) ready/g)].map((m) =>
    Number(m[1]),
  );
  return workers.length > 0 ? workers : [gateway.child.pid as number];
}

/**
 * What the gateway's metrics say so far: country fetches the plans made that reached a country
 * (answered, with or without errors) and those of them answered by an identical fetch in flight.
 */
async function countryFetches(gatewayUrl: string): Promise<{ planned: number; shared: number }> {
  const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
  const sum = (pattern: RegExp) => [...text.matchAll(pattern)].reduce((total, m) => total + Number(m[1]), 0);
  return {
    planned: sum(
      /^country_fetch_duration_seconds_count\{[^}]*outcome="(?:OK|ANSWERED_WITH_ERRORS)"[^}]*\} (\d+)/gm,
    ),
    shared: sum(/^country_fetches_shared_total\{[^}]*\} (\d+)/gm),
  };
}

/** Entity representations the planner asked for and those sent on to countries, so far (all subgraphs). */
async function representationCounts(gatewayUrl: string): Promise<{ planned: number; sent: number }> {
  const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
  const sum = (name: string) =>
    [...text.matchAll(new RegExp(`^${name}\\{[^}]*\\} (\\d+)`, 'gm'))].reduce((t, m) => t + Number(m[1]), 0);
  return {
    planned: sum('entity_representations_planned_total'),
    sent: sum('entity_representations_sent_total'),
  };
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const duration = Number(flags.duration ?? 10);
  const connections = Number(flags.connections ?? 20);
  const sustain = Number(flags.sustain ?? 30);
  const cores = availableParallelism();
  const dir = mkdtempSync(join(tmpdir(), 'nordic-bench-scale-'));
  // Every local secret the services read (identity providers, linkage key, service and audit keys).
  await ensureDevSecrets();
  const bearer = await issueDevToken({
    country: 'FI',
    roles: ['NATIONAL_COORDINATOR'],
    subject: 'fi-bench',
    ttlSeconds: 3600,
  });
  const headers = { authorization: `Bearer ${bearer}`, 'x-purpose': 'VICTIM_ASSISTANCE_CONTINUITY' };
  const services: Service[] = [];
  const rows: [string, string][] = [];
  try {
    const { national, gatewayConfig } = await startCountries(dir, services);
    const finland = `${national.get('FI')?.url}/graphql`;
    const firstPage = (await (
      await fetch(finland, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: '{ cases(first: 1) { nodes { id } } }' }),
      })
    ).json()) as { data: { cases: { nodes: { id: string }[] }[] } };
    const caseId = firstPage.data.cases[0]?.nodes[0]?.id as string;
    const single = JSON.stringify({
      query: `{ case(id: "${caseId}") { id status openedMonth exploitations { form country } } }`,
    });

    const startGateway = (env: NodeJS.ProcessEnv) =>
      start('gateway/dist/main.js', ['--config', gatewayConfig], env);

    const workerCounts = [...new Set([1, 2, cores])];
    console.error(
      `measuring (a) throughput at ${workerCounts.join(', ')} workers, ${connections} connections × ${duration} s…`,
    );
    const base: { rps: number } = { rps: 0 };
    for (const workers of workerCounts) {
      const gateway = await startGateway({ GATEWAY_WORKERS: String(workers) });
      await load(`${gateway.url}/graphql`, single, headers, connections, 2); // warm-up
      const result = await load(`${gateway.url}/graphql`, single, headers, connections, duration);
      const rss = gatewayPids(gateway).reduce((sum, pid) => sum + (memoryMiB(pid) ?? 0), 0);
      await stop(gateway);
      if (workers === 1) base.rps = result.requests.average;
      rows.push([
        `(a) ${workers} worker${workers > 1 ? 's' : ''}${workers === cores ? ' (= cores)' : ''}: req/s, p50 / p99, errors`,
        `${Math.round(result.requests.average)} req/s (×${(result.requests.average / base.rps).toFixed(2)}), ${result.latency.p50} / ${result.latency.p99} ms, ${result.errors + result.non2xx}; peak RSS of the workers ${rss} MiB`,
      ]);
    }

    console.error(
      'measuring (b) country requests per client query, with and without in-flight deduplication…',
    );
    const body = JSON.stringify({ query: STATISTICS });
    // Aggregates declare no purpose; only such fetches are shared (person-level reads never are).
    const aggregateHeaders = { authorization: headers.authorization };
    for (const dedup of [false, true]) {
      const gateway = await startGateway({
        GATEWAY_WORKERS: '1',
        GATEWAY_DEDUPLICATE_IN_FLIGHT: String(dedup),
      });
      await load(`${gateway.url}/graphql`, body, aggregateHeaders, connections, 2); // warm-up
      const before = await countryFetches(gateway.url);
      const result = await load(`${gateway.url}/graphql`, body, aggregateHeaders, connections, duration);
      const after = await countryFetches(gateway.url);
      await stop(gateway);
      const planned = after.planned - before.planned;
      const sent = planned - (after.shared - before.shared);
      const queries = result.requests.total;
      rows.push([
        `(b) five-country statistics, deduplication ${dedup ? 'on' : 'off'}: country requests per query`,
        `${(sent / queries).toFixed(2)} sent for ${(planned / queries).toFixed(2)} planned (${queries} queries, ${Math.round(result.requests.average)} req/s, p50 / p99 ${result.latency.p50} / ${result.latency.p99} ms)`,
      ]);
    }

    console.error('measuring (c) entity representations per client query, before and after deduplication…');
    {
      // The network's links between Finland and Sweden: each is stored by both countries (Finland's
      // with its case as caseA, Sweden's mirror with it as caseB), so every linked case appears twice.
      const links = JSON.stringify({
        query:
          '{ caseLinks(countries: [FI, SE], with: [FI, SE]) { caseA { id status } caseB { id status } } }',
      });
      const gateway = await startGateway({ GATEWAY_WORKERS: '1' });
      await load(`${gateway.url}/graphql`, links, headers, connections, 2); // warm-up
      const before = await representationCounts(gateway.url);
      const result = await load(`${gateway.url}/graphql`, links, headers, connections, duration);
      const after = await representationCounts(gateway.url);
      await stop(gateway);
      const queries = result.requests.total;
      const planned = (after.planned - before.planned) / queries;
      const sent = (after.sent - before.sent) / queries;
      rows.push([
        '(c) FI–SE caseLinks, both ends: representations per query, planned (no dedup) → sent (dedup)',
        `${planned.toFixed(1)} → ${sent.toFixed(1)} (×${(sent / planned).toFixed(2)}; ${queries} queries, p50 / p99 ${result.latency.p50} / ${result.latency.p99} ms)`,
      ]);
    }

    console.error(`measuring (d) memory under ${sustain} s of sustained load…`);
    const gateway = await startGateway({ GATEWAY_WORKERS: '1' });
    const pid = gateway.child.pid;
    const samples: number[] = [memoryMiB(pid, 'VmRSS') ?? 0];
    const sampler = setInterval(() => samples.push(memoryMiB(pid, 'VmRSS') ?? 0), 1000);
    const sustained = await load(`${gateway.url}/graphql`, single, headers, connections, sustain);
    clearInterval(sampler);
    await stop(gateway);
    const third = Math.max(1, Math.floor(samples.length / 3));
    const mean = (list: number[]) => Math.round(list.reduce((a, b) => a + b, 0) / Math.max(1, list.length));
    rows.push([
      '(d) RSS before load; mean of first / last third of the load; peak',
      `${samples[0]} MiB; ${mean(samples.slice(1, third + 1))} / ${mean(samples.slice(-third))} MiB; ${Math.max(...samples)} MiB (${sustained.requests.total} queries)`,
    ]);

    printTable(
      `gateway scale-out benchmark (${cores} cores: ${cpus()[0]?.model ?? 'unknown CPU'}; load: ${connections} connections × ${duration} s, sustained ${sustain} s)`,
      rows,
    );
  } finally {
    await Promise.all(services.map(stop));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
