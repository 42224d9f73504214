import Database from 'better-sqlite3';
import { join } from 'node:path';
import { tokenFor } from '../support/auth';
import { errorCodes, postGraphql } from '../support/graphql';
import { recreateDatabase } from '../support/postgres';
import { type RunningProcess, startNational, tempDir } from '../support/services';

const THRESHOLD = 5;
const REGISTERED = ['PRESUMED', 'IDENTIFIED', 'DECLINED_IDENTIFICATION'];

const FLOWS = `query($year: Int!, $yearTo: Int, $byYear: Boolean) {
  _entities(representations: [{ __typename: "Country", code: "FI" }]) {
    ... on Country {
      routeFlows(year: $year, yearTo: $yearTo, byYear: $byYear) { country yearFrom yearTo from to value perturbed maxDeviation suppressed suppression threshold }
    }
  }
}`;

const METRICS = `query($year: Int!, $yearTo: Int, $byYear: Boolean) {
  _entities(representations: [{ __typename: "Country", code: "FI" }]) {
    ... on Country {
      referralMetrics(year: $year, yearTo: $yearTo, byYear: $byYear) {
        fromCountry toCountry yearFrom yearTo threshold medianDaysToResponse medianSuppressed
        sent { value perturbed suppressed suppression } accepted { value perturbed suppressed suppression } declined { value perturbed suppressed suppression }
      }
    }
  }
}`;

const EXPORT = `query($year: Int!) {
  _entities(representations: [{ __typename: "Country", code: "FI" }]) {
    ... on Country {
      eurostatExport(year: $year) { table measure dimensions rows { year sex ageGroup citizenshipGroup exploitationGroup registeringOrgType value perturbed suppressed suppression } }
      statistics(year: $year, groupBy: [SEX, AGE_GROUP]) { sex ageGroup value suppressed suppression }
    }
  }
}`;

/** The noise bound the services run with (the default for threshold 5). */
const MAX_DEVIATION = 3;

/**
 * What a published cell must be, given the true count (cell-key perturbation): within ±maxDeviation
 * of the truth, never from 1 to threshold-1, and 0 for a true 0.
 */
function checkCell(
  cell: { value: number | null; suppressed: boolean; suppression: string | null; perturbed?: boolean },
  truth: number,
): void {
  expect(cell).toMatchObject({ suppressed: false, suppression: null, perturbed: true });
  const value = cell.value!;
  expect(Math.abs(value - truth)).toBeLessThanOrEqual(MAX_DEVIATION);
  expect(value === 0 || value >= THRESHOLD).toBe(true);
  if (truth === 0) expect(value).toBe(0);
}

/** A listed pair must exist; an existing pair may be missing only when published as 0 (truth ≤ D). */
function checkListed(listed: string[], truth: Map<string, number>): void {
  for (const key of listed) expect(truth.has(key)).toBe(true);
  for (const [key, count] of truth)
    if (!listed.includes(key)) expect(count).toBeLessThanOrEqual(MAX_DEVIATION);
}

/** The store's rows, read directly with SQLite: the independent truth the answers are checked against. */
function readStore(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      cases: db.prepare('SELECT seq, opened_year, identification_status FROM cases').all() as {
        seq: number;
        opened_year: number;
        identification_status: string;
      }[],
      events: db.prepare('SELECT case_seq, type, country FROM trafficking_events').all() as {
        case_seq: number;
        type: string;
        country: string;
      }[],
      referrals: db
        .prepare('SELECT to_country, year, status, sent_at, responded_at FROM referrals')
        .all() as {
        to_country: string;
        year: number;
        status: string;
        sent_at: string | null;
        responded_at: string | null;
      }[],
    };
  } finally {
    db.close();
  }
}

/** Registered victims per recruitment → exploitation pair, counted in plain code from the rows. */
function expectedFlows(store: ReturnType<typeof readStore>, yearFrom: number, yearTo: number) {
  const inScope = new Set(
    store.cases
      .filter(
        (c) =>
          c.opened_year >= yearFrom &&
          c.opened_year <= yearTo &&
          REGISTERED.includes(c.identification_status),
      )
      .map((c) => c.seq),
  );
  const places = new Map<number, { from: Set<string>; to: Set<string> }>();
  for (const e of store.events) {
    if (!inScope.has(e.case_seq)) continue;
    const entry = places.get(e.case_seq) ?? { from: new Set(), to: new Set() };
    if (e.type === 'RECRUITMENT') entry.from.add(e.country);
    if (e.type === 'EXPLOITATION') entry.to.add(e.country);
    places.set(e.case_seq, entry);
  }
  const counts = new Map<string, number>();
  for (const { from, to } of places.values())
    for (const f of from) for (const t of to) counts.set(`${f}>${t}`, (counts.get(`${f}>${t}`) ?? 0) + 1);
  return counts;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

describe('route flows, referral metrics and the Eurostat export of one country', () => {
  const dir = tempDir('dash-flows');
  const file = join(dir, 'fi.sqlite');
  let sqlite: RunningProcess;
  let postgres: RunningProcess;
  let analyst: string;
  let store: ReturnType<typeof readStore>;

  beforeAll(async () => {
    const pgUrl = await recreateDatabase('dash_flows_fi');
    [sqlite, postgres] = await Promise.all([
      startNational({ country: 'FI', database: `sqlite:${file}` }),
      startNational({ country: 'FI', database: pgUrl }),
    ]);
    analyst = await tokenFor({ country: 'SE', roles: ['ANALYST'], subject: 'se-analyst-flows' });
    store = readStore(file);
  }, 180_000);

  afterAll(() => Promise.all([sqlite?.stop(), postgres?.stop()]));

  const ask = (service: RunningProcess, query: string, variables: Record<string, unknown>) =>
    postGraphql(`${service.url}/graphql`, query, variables, { token: analyst, purpose: null });

  it('counts registered victims per recruitment → exploitation route as the case records say, perturbing every count', async () => {
    const response = await ask(sqlite, FLOWS, { year: 2021, yearTo: 2024 });
    expect(response.errors).toBeUndefined();
    const flows = (response.data?._entities as any[])[0].routeFlows as any[];
    const truth = expectedFlows(store, 2021, 2024);
    checkListed(
      flows.map((f) => `${f.from}>${f.to}`),
      truth,
    );
    for (const flow of flows) {
      expect([flow.country, flow.yearFrom, flow.yearTo, flow.threshold]).toEqual([
        'FI',
        2021,
        2024,
        THRESHOLD,
      ]);
      checkCell(flow, truth.get(`${flow.from}>${flow.to}`)!);
    }
    expect(flows.every((f) => f.maxDeviation === MAX_DEVIATION)).toBe(true);
    expect(flows.some((f) => f.from !== f.to)).toBe(true);
    // Small routes exist and none is published as a small number.
    expect([...truth.values()].some((n) => n >= 1 && n < THRESHOLD)).toBe(true);
  });

  it('gives one row per year and route with byYear, each year matching the records', async () => {
    const response = await ask(sqlite, FLOWS, { year: 2022, yearTo: 2023, byYear: true });
    const flows = (response.data?._entities as any[])[0].routeFlows as any[];
    for (const year of [2022, 2023]) {
      const truth = expectedFlows(store, year, year);
      const ofYear = flows.filter((f) => f.yearFrom === year && f.yearTo === year);
      checkListed(
        ofYear.map((f) => `${f.from}>${f.to}`),
        truth,
      );
      for (const flow of ofYear) checkCell(flow, truth.get(`${flow.from}>${flow.to}`)!);
    }
  });

  it('reports referrals sent, accepted and declined per destination with the median days to an answer', async () => {
    const response = await ask(sqlite, METRICS, { year: 2019, yearTo: 2025 });
    expect(response.errors).toBeUndefined();
    const metrics = (response.data?._entities as any[])[0].referralMetrics as any[];
    const sent = store.referrals.filter((r) => r.status !== 'DRAFT' && r.year >= 2019 && r.year <= 2025);
    const destinations = [...new Set(sent.map((r) => r.to_country))].sort();
    // A destination is left out only when all its counts are published as 0.
    for (const m of metrics) expect(destinations).toContain(m.toCountry);
    for (const d of destinations)
      if (!metrics.some((m) => m.toCountry === d))
        expect(sent.filter((r) => r.to_country === d).length).toBeLessThanOrEqual(MAX_DEVIATION);
    for (const m of metrics) {
      const mine = sent.filter((r) => r.to_country === m.toCountry);
      expect([m.fromCountry, m.yearFrom, m.yearTo]).toEqual(['FI', 2019, 2025]);
      checkCell(m.sent, mine.length);
      checkCell(m.accepted, mine.filter((r) => ['ACCEPTED', 'COMPLETED'].includes(r.status)).length);
      checkCell(m.declined, mine.filter((r) => r.status === 'DECLINED').length);
      const days = mine
        .filter(
          (r) => ['ACCEPTED', 'COMPLETED', 'DECLINED'].includes(r.status) && r.sent_at && r.responded_at,
        )
        .map((r) => (Date.parse(r.responded_at!) - Date.parse(r.sent_at!)) / 86_400_000);
      if (days.length >= THRESHOLD) {
        expect(m.medianSuppressed).toBe(false);
        expect(m.medianDaysToResponse).toBeCloseTo(median(days), 1);
      } else {
        expect(m.medianDaysToResponse).toBeNull();
        expect(m.medianSuppressed).toBe(true); // none or a few: not told apart
      }
    }
    expect(metrics.some((m) => m.medianDaysToResponse !== null)).toBe(true);
  });

  it('answers the same figures on PostgreSQL as on SQLite for the same seed', async () => {
    for (const [query, variables] of [
      [FLOWS, { year: 2020, yearTo: 2025 }],
      [FLOWS, { year: 2023, yearTo: 2024, byYear: true }],
      [METRICS, { year: 2019, yearTo: 2025 }],
      [METRICS, { year: 2023, yearTo: 2025, byYear: true }],
      [EXPORT, { year: 2024 }],
    ] as const) {
      const [a, b] = await Promise.all([ask(sqlite, query, variables), ask(postgres, query, variables)]);
      expect(a.errors).toBeUndefined();
      expect(b).toEqual(a);
    }
  });

  it('exports a year in the Eurostat THB breakdown, each table the same as the statistics answer for it', async () => {
    const response = await ask(sqlite, EXPORT, { year: 2024 });
    expect(response.errors).toBeUndefined();
    const country = (response.data?._entities as any[])[0];
    const tables = country.eurostatExport as any[];
    expect(tables.map((t) => t.table)).toEqual([
      'registered_victims',
      'registered_victims_by_sex_and_age',
      'registered_victims_by_citizenship',
      'registered_victims_by_exploitation_and_sex',
      'registered_victims_by_registering_organisation',
      'suspects',
      'prosecuted',
      'convicted',
    ]);
    const bySexAndAge = tables.find((t) => t.table === 'registered_victims_by_sex_and_age');
    expect(bySexAndAge.dimensions).toEqual(['SEX', 'AGE_GROUP']);
    expect(
      bySexAndAge.rows.map((r: any) => ({
        sex: r.sex,
        ageGroup: r.ageGroup,
        value: r.value,
        suppressed: r.suppressed,
        suppression: r.suppression,
      })),
    ).toEqual(country.statistics);
    const total = tables.find((t) => t.table === 'registered_victims').rows;
    const registered2024 = store.cases.filter(
      (c) => c.opened_year === 2024 && REGISTERED.includes(c.identification_status),
    ).length;
    expect(total).toEqual([expect.objectContaining({ year: 2024, suppressed: false })]);
    checkCell(total[0], registered2024);
    for (const name of ['prosecuted', 'convicted']) {
      expect(tables.find((t) => t.table === name).rows).toEqual([
        expect.objectContaining({ suppressed: true, suppression: 'NOT_REPORTED', value: null }),
      ]);
    }
  });

  it('gives these aggregates to every statistics reader and refuses the linkage machine and bad ranges', async () => {
    const linkage = await tokenFor({ country: 'FI', roles: ['LINKAGE_SERVICE'], subject: 'fi-linkage' });
    const refused = await postGraphql(`${sqlite.url}/graphql`, FLOWS, { year: 2024 }, { token: linkage });
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.errors?.[0]?.extensions?.field).toBe('Country.routeFlows');
    const reversed = await ask(sqlite, METRICS, { year: 2024, yearTo: 2020 });
    expect(errorCodes(reversed)).toEqual(['BAD_USER_INPUT']);
    const other = await postGraphql(
      `${sqlite.url}/graphql`,
      `{ _entities(representations: [{ __typename: "Country", code: "SE" }]) { ... on Country { routeFlows(year: 2024) { value } } } }`,
      undefined,
      { token: analyst, purpose: null },
    );
    expect(errorCodes(other)).toEqual(['NOT_OWNED_BY_THIS_COUNTRY']);
  });
});
