/**
 * `npm run bench:national [-- --cases 1000000 --backends sqlite,postgres --iterations 60]`
 *
 * Seeds one country (FI) at scale on each backend, starts its service, and measures over real HTTP:
 * seeding throughput, a statistics query grouped by two dimensions, a filtered page of 50 cases and an
 * `_entities` fetch of 100 cases. Prints a table.
 */
import {
  ensureDevAuditChainKeys,
  ensureDevKeys,
  ensureDevLinkageKey,
  ensureDevServiceKeys,
  issueDevToken,
  parseFlags,
} from '@nordic/subgraph-common';
import { loadAuditSettings } from '../audit/auditSettings';
import { loadLinkageKey } from '../matching/linkageKeyConfig';
import { createDataSource } from '../database/dataSource';
import { benchDatabaseUrl } from './benchDatabase';
import { expectedCaseCount } from '../seed/generateCases';
import { seedCountry } from '../seed/writeSeed';
import { startNationalService } from '../service';

async function devAuditSettings() {
  // The local identity providers' keys, with the national services' lookup-signing keys the service loads.
  await ensureDevKeys();
  await ensureDevServiceKeys();
  ensureDevAuditChainKeys();
  return loadAuditSettings('FI', {});
}

interface Row {
  backend: string;
  measurement: string;
  value: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** A Finnish coordinator's token from the local network's identity provider (keys made on first use). */
let token: Promise<string> | null = null;
function benchToken(): Promise<string> {
  token ??= ensureDevKeys().then(() =>
    issueDevToken({ country: 'FI', roles: ['NATIONAL_COORDINATOR'], subject: 'fi-bench' }),
  );
  return token;
}

async function post(url: string, query: string, variables?: unknown): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await benchToken()}`,
      'x-purpose': 'VICTIM_ASSISTANCE_CONTINUITY',
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: { message: string }[] };
  if (body.errors) throw new Error(`benchmark query failed: ${body.errors[0]?.message}`);
}

async function timed(iterations: number, run: () => Promise<void>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await run(); // warm caches and JIT
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function benchBackend(
  backend: string,
  targetCases: number,
  iterations: number,
  reuse: boolean,
): Promise<Row[]> {
  const url = await benchDatabaseUrl(backend, 'fi', reuse);
  const perScaleOne = expectedCaseCount('FI', { yearFrom: 2019, yearTo: 2025, scale: 1 });
  const scale = targetCases / perScaleOne;
  const options = { yearFrom: 2019, yearTo: 2025, scale };

  const seeding = createDataSource({ url });
  await seeding.initialize();
  await seeding.runMigrations();
  console.error(`[${backend}] seeding ~${targetCases} FI cases (scale ${scale.toFixed(1)})…`);
  const existing = Number((await seeding.query('SELECT COUNT(*) AS n FROM cases'))[0].n);
  // --reuse measures an already seeded store again (seeding a million rows takes minutes on PostgreSQL).
  const report =
    reuse && existing > 0
      ? { cases: existing, rows: Number.NaN, seconds: Number.NaN, referrals: 0, links: 0 }
      : await seedCountry(seeding, 'FI', options, (n) => process.stderr.write(`  ${n} cases\r`));
  await seeding.destroy();

  const service = await startNationalService({
    country: 'FI',
    host: '127.0.0.1',
    port: 0,
    databaseUrl: url,
    suppressionThreshold: 5,
    perturbationMaxDeviation: 3,
    statSource: 'ASSISTANCE_SYSTEM',
    gatewayUrl: null,
    migrateOnStart: true,
    seedIfEmpty: false,
    seedYears: '2019-2025',
    seedScale: 1,
    matchRequestsPerHour: 20,
    matchLookupsPerHourPerCountry: 300,
    rapporteurCaseAccess: true,
    linkageKey: loadLinkageKey({ LINKAGE_KEY_FILE: ensureDevLinkageKey() }),
    // The local network's FI keys; the benchmark publishes no checkpoints.
    audit: await devAuditSettings(),
  });
  const endpoint = `${service.url}/graphql`;
  try {
    const stats = await timed(iterations, () =>
      post(
        endpoint,
        `{ _entities(representations: [{ __typename: "Country", code: "FI" }]) { ... on Country {
            statistics(year: 2023, groupBy: [SEX, EXPLOITATION_GROUP]) { sex exploitationGroup value suppressed } } } }`,
      ),
    );
    const page = await timed(iterations, () =>
      post(
        endpoint,
        `{ cases(first: 50, filter: { status: [ACTIVE], openedFrom: "2022-01" }) { pageInfo { endCursor }
            nodes { id openedMonth status subject { sex ageBandAtIdentification } exploitations { form } } } }`,
      ),
    );
    const counted = await timed(iterations, () =>
      post(
        endpoint,
        `{ cases(first: 50, filter: { status: [ACTIVE], openedFrom: "2022-01" }) { totalCount pageInfo { endCursor }
            nodes { id openedMonth status subject { sex ageBandAtIdentification } exploitations { form } } } }`,
      ),
    );
    const firstPage = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await benchToken()}`,
        'x-purpose': 'VICTIM_ASSISTANCE_CONTINUITY',
      },
      body: JSON.stringify({
        query: '{ cases(first: 100, filter: { openedFrom: "2021-01" }) { nodes { id } } }',
      }),
    });
    const page1 = (await firstPage.json()) as { data: { cases: { nodes: { id: string }[] }[] } };
    const ids = page1.data.cases[0]?.nodes.map((n) => n.id) ?? [];
    const entities = await timed(iterations, () =>
      post(
        endpoint,
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id status subject { sex } exploitations { form country } events { type country } } } }',
        { r: ids.map((id) => ({ __typename: 'Case', id })) },
      ),
    );
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    return [
      { backend, measurement: 'cases seeded', value: String(report.cases) },
      ...(Number.isNaN(report.seconds)
        ? [{ backend, measurement: 'seeding', value: 'skipped (--reuse: existing store measured again)' }]
        : [
            { backend, measurement: 'rows seeded (all tables)', value: String(report.rows) },
            {
              backend,
              measurement: 'seed throughput',
              value: `${Math.round(report.cases / report.seconds)} cases/s (${Math.round(report.rows / report.seconds)} rows/s)`,
            },
          ]),
      {
        backend,
        measurement: 'statistics, 2 dimensions: p50 / p95',
        value: `${ms(stats.p50)} / ${ms(stats.p95)}`,
      },
      { backend, measurement: 'filtered page of 50: p50 / p95', value: `${ms(page.p50)} / ${ms(page.p95)}` },
      {
        backend,
        measurement: 'same page with totalCount: p50 / p95',
        value: `${ms(counted.p50)} / ${ms(counted.p95)}`,
      },
      {
        backend,
        measurement: '_entities of 100 cases: p50 / p95',
        value: `${ms(entities.p50)} / ${ms(entities.p95)}`,
      },
    ];
  } finally {
    await service.close();
  }
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const targetCases = Number(flags.cases ?? 1_000_000);
  const iterations = Number(flags.iterations ?? 60);
  const backends = (flags.backends ?? 'sqlite,postgres').split(',');
  const rows: Row[] = [];
  const reuse = flags.reuse === 'true';
  for (const backend of backends) rows.push(...(await benchBackend(backend, targetCases, iterations, reuse)));
  const width = Math.max(...rows.map((r) => r.measurement.length));
  console.log(`\nnational service benchmark (FI, ${iterations} timed requests each, over HTTP on loopback)`);
  console.log(`${'backend'.padEnd(10)} ${'measurement'.padEnd(width)}  value`);
  for (const row of rows)
    console.log(`${row.backend.padEnd(10)} ${row.measurement.padEnd(width)}  ${row.value}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
