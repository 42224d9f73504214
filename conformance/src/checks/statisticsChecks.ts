/**
 * Statistics obey the disclosure-control properties a client can check from outside
 * (docs/disclosure-control.md): no published count from 1 to threshold−1, consistent flags, the same cell
 * the same in every query (no fresh noise to average away), totals within the published deviation of
 * their parts, and no breakdown finer than the contract offers.
 */
import { Kind, parse } from 'graphql';
import { type Check, type Target, dataOf, fail, memo, pass, refusedWith } from './check';
import { tokenOf } from './fixtures';
import { contractSdl } from './schemaChecks';

interface Row {
  measure: string;
  year: number;
  country: string;
  sex: string | null;
  ageGroup: string | null;
  exploitationGroup: string | null;
  citizenshipGroup: string | null;
  value: number | null;
  perturbed: boolean;
  maxDeviation: number;
  suppressed: boolean;
  threshold: number;
}
const ROW =
  'measure year country sex ageGroup exploitationGroup citizenshipGroup value perturbed maxDeviation suppressed threshold';
const COUNT = 'value perturbed maxDeviation suppressed';

/** A published count, wherever it appears, with the threshold that applies to it. */
interface Published {
  where: string;
  value: number | null;
  perturbed: boolean;
  maxDeviation: number;
  suppressed: boolean;
  threshold: number;
}

const GROUP_BYS = [
  [],
  ['SEX'],
  ['AGE_GROUP'],
  ['CITIZENSHIP_GROUP'],
  ['EXPLOITATION_GROUP'],
  ['SEX', 'AGE_GROUP'],
  ['AGE_GROUP', 'SEX'],
  ['SEX', 'AGE_GROUP', 'EXPLOITATION_GROUP'],
];

async function countryField<T>(target: Target, selection: string): Promise<T> {
  const answer = await target.client.post<{ _entities: T[] }>(
    target.nationalUrl,
    `{ _entities(representations: [{ __typename: "Country", code: "${target.country}" }]) { ... on Country { ${selection} } } }`,
    { token: await tokenOf(target, 'ANALYST', 'statistics'), purpose: null },
  );
  return dataOf(answer, selection.slice(0, 60))._entities[0] as T;
}

function statistics(target: Target, groupBy: string[], years = target.years): Promise<Row[]> {
  const range = years.from === years.to ? `year: ${years.from}` : `year: ${years.from}, yearTo: ${years.to}`;
  return countryField<{ statistics: Row[] }>(
    target,
    `statistics(${range}, groupBy: [${groupBy.join(', ')}]) { ${ROW} }`,
  ).then((c) => c.statistics ?? []);
}

/** Every count the checks look at, asked once per run. */
function harvest(target: Target): Promise<{ tables: Map<string, Row[]>; published: Published[] }> {
  return memo(target, 'statistics', async () => {
    const tables = new Map<string, Row[]>();
    const published: Published[] = [];
    for (const groupBy of GROUP_BYS) {
      const rows = await statistics(target, groupBy);
      tables.set(groupBy.join(','), rows);
      for (const row of rows)
        published.push({ ...row, where: `statistics ${row.year} by [${groupBy.join(', ')}]` });
    }
    const { from, to } = target.years;
    const other = await countryField<{
      routeFlows: ({ from: string; to: string; yearFrom: number; threshold: number } & Published)[] | null;
      referralMetrics:
        | {
            toCountry: string;
            yearFrom: number;
            threshold: number;
            sent: Published;
            accepted: Published;
            declined: Published;
          }[]
        | null;
      eurostatExport: { table: string; rows: Row[] }[] | null;
    }>(
      target,
      `routeFlows(year: ${from}, yearTo: ${to}, byYear: true) { from to yearFrom threshold ${COUNT} }
       referralMetrics(year: ${from}, yearTo: ${to}, byYear: true) { toCountry yearFrom threshold sent { ${COUNT} } accepted { ${COUNT} } declined { ${COUNT} } }
       eurostatExport(year: ${to}) { table rows { ${ROW} } }`,
    );
    for (const flow of other.routeFlows ?? [])
      published.push({ ...flow, where: `route flow ${flow.yearFrom} ${flow.from}→${flow.to}` });
    for (const metric of other.referralMetrics ?? []) {
      for (const count of ['sent', 'accepted', 'declined'] as const) {
        published.push({
          ...metric[count],
          threshold: metric.threshold,
          where: `referrals ${count} ${metric.yearFrom} →${metric.toCountry}`,
        });
      }
    }
    for (const table of other.eurostatExport ?? []) {
      for (const row of table.rows) published.push({ ...row, where: `Eurostat table ${table.table}` });
    }
    return { tables, published };
  });
}

const cellKey = (row: Row) =>
  [row.measure, row.year, row.sex, row.ageGroup, row.exploitationGroup, row.citizenshipGroup].join('|');

function compareCells(a: Row[], b: Row[], what: string) {
  const values = new Map(a.map((row) => [cellKey(row), row.value]));
  const differing = b.filter((row) => values.has(cellKey(row)) && values.get(cellKey(row)) !== row.value);
  const missing = b.filter((row) => !values.has(cellKey(row)));
  if (differing.length > 0) {
    const row = differing[0] as Row;
    return fail(
      `${what}: ${differing.length} cell(s) differ, e.g. ${cellKey(row)}: ${values.get(cellKey(row))} vs ${row.value}`,
    );
  }
  if (missing.length > 0 || a.length !== b.length)
    return fail(`${what}: the answers list different cells (${a.length} vs ${b.length})`);
  return pass(`${what}: ${a.length} cells identical`);
}

/** The values of a contract enum (to bound how many cells a breakdown can hide). */
function enumSize(name: string): number {
  const definition = parse(contractSdl('national')).definitions.find(
    (d) => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === name,
  );
  return definition?.kind === Kind.ENUM_TYPE_DEFINITION ? (definition.values?.length ?? 0) : 0;
}

export const statisticsChecks: Check[] = [
  {
    area: 'statistics',
    name: 'no published count lies from 1 to threshold−1',
    async run(target) {
      const { published } = await harvest(target);
      const small = published.filter((p) => p.value !== null && p.value > 0 && p.value < p.threshold);
      if (published.length === 0)
        return fail(`no statistics for ${target.years.from}–${target.years.to} (try --years)`);
      return small.length === 0
        ? pass(`${published.length} published counts, none from 1 to threshold−1`)
        : fail(
            `${small.length} small count(s), e.g. ${small[0]?.where}: ${small[0]?.value} (threshold ${small[0]?.threshold})`,
          );
    },
  },
  {
    area: 'statistics',
    name: 'flags are consistent: suppressed ⇔ no value, perturbed ⇔ a deviation, one threshold ≥ 2',
    async run(target) {
      const { published } = await harvest(target);
      const wrong = published.find(
        (p) =>
          p.suppressed !== (p.value === null) ||
          (p.perturbed ? p.maxDeviation < 1 : p.maxDeviation !== 0) ||
          p.threshold < 2,
      );
      if (wrong) return fail(`${wrong.where}: ${JSON.stringify({ ...wrong, where: undefined })}`);
      const thresholds = new Set(published.map((p) => p.threshold));
      return thresholds.size <= 1
        ? pass(
            `threshold ${[...thresholds].join('')}; ${published.filter((p) => p.perturbed).length} perturbed counts`,
          )
        : fail(`several thresholds in one country's statistics: ${[...thresholds].join(', ')}`);
    },
  },
  {
    area: 'statistics',
    name: 'the same cell has the same value in every query (order of groupBy, repeated, year within a range)',
    async run(target) {
      const { tables } = await harvest(target);
      const byOrder = compareCells(
        tables.get('SEX,AGE_GROUP') ?? [],
        tables.get('AGE_GROUP,SEX') ?? [],
        'groupBy reversed',
      );
      if (byOrder.status !== 'pass') return byOrder;
      const repeated = compareCells(
        tables.get('SEX') ?? [],
        await statistics(target, ['SEX']),
        'asked again',
      );
      if (repeated.status !== 'pass') return repeated;
      const year = target.years.to;
      const single = await statistics(target, ['SEX'], { from: year, to: year });
      const within = (tables.get('SEX') ?? []).filter((row) => row.year === year);
      const ranged = compareCells(within, single, `${year} alone vs within ${target.years.from}–${year}`);
      if (ranged.status !== 'pass') return ranged;
      return pass(`${byOrder.reason}; ${repeated.reason}; ${ranged.reason}`);
    },
  },
  {
    area: 'statistics',
    name: 'a total is within the published deviation of the sum of its parts',
    async run(target) {
      const { tables } = await harvest(target);
      const totals = tables.get('') ?? [];
      const parts = tables.get('SEX') ?? [];
      const categories = enumSize('Sex');
      for (const total of totals) {
        if (total.value === null) continue;
        const own = parts.filter((p) => p.year === total.year && p.measure === total.measure);
        const sum = own.reduce((s, p) => s + (p.value ?? 0), 0);
        // Each part and the total move by at most maxDeviation; a part published as 0 or left out hides at most that much.
        const bound = total.maxDeviation * (1 + categories);
        if (Math.abs(total.value - sum) > bound) {
          return fail(
            `${total.measure} ${total.year}: total ${total.value}, parts by sex sum to ${sum}, more than ±${bound} apart`,
          );
        }
      }
      return pass(`${totals.length} totals within their bound of the parts by sex`);
    },
  },
  {
    area: 'statistics',
    name: 'a breakdown finer than the contract offers is refused',
    async run(target) {
      const answer = await target.client.post(
        target.nationalUrl,
        `{ _entities(representations: [{ __typename: "Country", code: "${target.country}" }]) { ... on Country { statistics(year: ${target.years.to}, groupBy: [SEX, AGE_GROUP, CITIZENSHIP_GROUP, EXPLOITATION_GROUP]) { value } } } }`,
        { token: await tokenOf(target, 'ANALYST', 'statistics'), purpose: null },
      );
      return refusedWith(answer, ['UNSUPPORTED_STATISTIC'], (d) => d._entities?.[0]?.statistics);
    },
  },
  {
    area: 'statistics',
    name: 'every row is of the serving country',
    async run(target) {
      const { tables } = await harvest(target);
      const foreign = [...tables.values()].flat().filter((row) => row.country !== target.country);
      return foreign.length === 0
        ? pass(`${[...tables.values()].flat().length} rows of ${target.country}`)
        : fail(`${foreign.length} row(s) of ${foreign[0]?.country}`);
    },
  },
];
