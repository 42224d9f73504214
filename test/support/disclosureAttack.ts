import Database from 'better-sqlite3';
import highsLoader from 'highs';
import {
  CitizenshipGroup,
  EurostatAgeGroup,
  EurostatExploitationGroup,
  ExploitationForm,
  IsicSection,
  OrganisationType,
  Sex,
} from '../../schema/src/codes';
import { postGraphql } from './graphql';

/**
 * A disclosure attack on everything one country publishes (docs/disclosure-control.md, issue 13):
 * harvest every statistics table the API offers over a span of years and solve all published
 * equations together with a linear programming solver (HiGHS).
 *
 * The unknowns are the true counts of the cells of every table (a cell missing from a breakdown is an
 * unknown too: a true zero under the old code, a count the perturbation published as 0 under the new
 * one). What the attacker knows of each: its published value within the stated noise bound (old
 * code: a visible value exactly, a primary-suppressed one 1…T-1, a complementary one ≥ T). The
 * equations: a cell of a table equals the sum of the cells of any table with one more breakdown that
 * split it (every value of that dimension's code list); a period's flow or referral count equals the
 * sum of its years. For every cell whose TRUE count is from 1 to T-1 the solver finds the smallest and
 * largest value it can take: PINNED when both round to the same whole number, PROVEN NON-ZERO when the
 * smallest is at least 1. The true counts (read from the store) only choose the cells to attack and
 * check that the harness is right (the truth must lie within the bounds).
 *
 * Not modelled (documented in docs/disclosure-control.md): relations between measures (registered =
 * presumed + identified + declined), between referral counts (accepted + declined ≤ sent), and the
 * medians' withholding; an integer (rather than linear) relaxation.
 */
export const BREAKDOWNS = {
  SEX: { column: 'sex', field: 'sex', codes: Sex },
  AGE_GROUP: { column: 'age_group', field: 'ageGroup', codes: EurostatAgeGroup },
  CITIZENSHIP_GROUP: { column: 'citizenship_group', field: 'citizenshipGroup', codes: CitizenshipGroup },
  EXPLOITATION_GROUP: {
    column: 'exploitation_group',
    field: 'exploitationGroup',
    codes: EurostatExploitationGroup,
  },
  EXPLOITATION_FORM: { column: 'exploitation_form', field: 'exploitationForm', codes: ExploitationForm },
  INDUSTRY: { column: 'industry', field: 'industry', codes: IsicSection },
  REGISTERING_ORG_TYPE: {
    column: 'registering_org_type',
    field: 'registeringOrgType',
    codes: OrganisationType,
  },
} as const;
export type Breakdown = keyof typeof BREAKDOWNS;
const DIMENSIONS = Object.keys(BREAKDOWNS) as Breakdown[];

/** Every groupBy the API accepts: each set of at most three breakdowns (64). */
export function everyGroupBy(): Breakdown[][] {
  const sets: Breakdown[][] = [[]];
  for (const d of DIMENSIONS) for (const set of [...sets]) if (set.length < 3) sets.push([...set, d]);
  return sets;
}

/** Victim measures as filters over the atoms (DOMAIN §1.3; statisticsStore VICTIM_MEASURES). */
const VICTIM_MEASURES: Record<string, (a: Atom) => boolean> = {
  REGISTERED_VICTIMS: (a) => ['PRESUMED', 'IDENTIFIED', 'DECLINED_IDENTIFICATION'].includes(String(a.status)),
  PRESUMED_VICTIMS: (a) => a.status === 'PRESUMED',
  IDENTIFIED_VICTIMS: (a) => a.status === 'IDENTIFIED',
  NRM_REFERRALS: () => true,
  NEW_ASSISTANCE_CLIENTS: (a) => Number(a.assisted) === 1,
};
export const MEASURES = [...Object.keys(VICTIM_MEASURES), 'SUSPECTS', 'CROSS_BORDER_REFERRALS'];

type Atom = Record<string, string | number | null> & { year: number; n: number };

interface Row {
  value: number | null;
  suppressed: boolean;
  suppression: string | null;
}

/** One unknown: a cell's true count, what the publication says of it, and (for checking) the truth. */
interface Unknown {
  id: string;
  lo: number;
  hi: number;
  truth: number;
  listed: boolean;
}

/** A set of unknowns linked by equations; parts share nothing. */
interface Part {
  unknowns: Map<string, Unknown>;
  /** parent = sum of children + the absent children (each published as 0, so 0…D; D = 0 on the old code) */
  equations: { parent: string; children: string[]; absent: number }[];
}

export interface AttackReport {
  country: string;
  requests: number;
  publishedCells: number;
  unknowns: number;
  equations: number;
  smallCells: number;
  pinned: { cell: string; value: number }[];
  provenNonZero: number;
  maxDeviation: number;
  threshold: number;
  seconds: number;
}

interface Protection {
  threshold: number;
  maxDeviation: number;
}

function intervalOf(row: Row, p: Protection): [number, number] | null {
  if (row.suppressed) {
    if (row.suppression === 'PRIMARY_SMALL_CELL') return [1, p.threshold - 1];
    if (row.suppression === 'SECONDARY_COMPLEMENTARY') return [p.threshold, Infinity];
    return null; // not reported: nothing known
  }
  const v = row.value ?? 0;
  if (p.maxDeviation === 0) return [v, v];
  return [v === 0 ? 0 : Math.max(1, v - p.maxDeviation), v + p.maxDeviation];
}

const codesOf = (d: Breakdown): (string | null)[] => [
  ...Object.values(BREAKDOWNS[d].codes as Record<string, string>),
  ...(d === 'INDUSTRY' ? [null] : []),
];

/** A statistics cell's id: the breakdowns (in a fixed order) and their values. */
function statisticsCellId(dims: readonly Breakdown[], values: Record<string, unknown>): string {
  const sorted = [...dims].sort();
  return JSON.stringify(sorted.map((d) => [d, values[d] === '' ? null : (values[d] ?? null)]));
}

export class DisclosureAttack {
  private atoms: Record<string, Atom[]> = {};
  private readonly parts = new Map<string, Part>();
  /** Statistics cells published, per part: table dimension sets seen. */
  private readonly tablesOf = new Map<string, Set<string>>();
  private requests = 0;
  private publishedCells = 0;
  private protection: Protection = { threshold: 5, maxDeviation: 0 };

  constructor(
    private readonly country: string,
    private readonly url: string,
    private readonly token: string,
    private readonly databaseFile: string,
    private readonly yearFrom: number,
    private readonly yearTo: number,
  ) {}

  async run(): Promise<AttackReport> {
    const started = Date.now();
    this.readAtoms();
    await this.readProtection();
    for (let year = this.yearFrom; year <= this.yearTo; year++) {
      for (const measure of MEASURES) await this.harvestStatistics(measure, year);
      await this.harvestExport(year);
    }
    for (let a = this.yearFrom; a <= this.yearTo; a++)
      for (let b = a; b <= this.yearTo; b++) {
        await this.harvestFlows(a, b, false);
        await this.harvestReferralMetrics(a, b, false);
      }
    await this.harvestFlows(this.yearFrom, this.yearTo, true);
    await this.harvestReferralMetrics(this.yearFrom, this.yearTo, true);
    this.addStatisticsEquations();
    this.addPeriodEquations();
    const report = await this.solve();
    report.seconds = Math.round((Date.now() - started) / 100) / 10;
    return report;
  }

  /** The true fine-grained counts, read from the store: only to pick the targets and check bounds. */
  private readAtoms(): void {
    const db = new Database(this.databaseFile, { readonly: true, fileMustExist: true });
    try {
      const dims = DIMENSIONS.map((d) => `c.${BREAKDOWNS[d].column} AS ${d}`).join(', ');
      const groupDims = DIMENSIONS.map((d) => `c.${BREAKDOWNS[d].column}`).join(', ');
      const range = [this.yearFrom, this.yearTo];
      const victims = db
        .prepare(
          `SELECT c.opened_year AS year, c.identification_status AS status, c.assisted AS assisted, ${dims}, COUNT(*) AS n
           FROM cases c WHERE c.opened_year BETWEEN ? AND ? GROUP BY c.opened_year, c.identification_status, c.assisted, ${groupDims}`,
        )
        .all(...range) as Atom[];
      const suspects = db
        .prepare(
          `SELECT c.opened_year AS year, ${dims}, SUM(c.perpetrator_count) AS n FROM cases c
           WHERE c.opened_year BETWEEN ? AND ? AND c.criminal_investigation_opened = 1 AND c.perpetrator_count IS NOT NULL
           GROUP BY c.opened_year, ${groupDims}`,
        )
        .all(...range) as Atom[];
      const referrals = db
        .prepare(
          `SELECT r.year AS year, r.to_country AS toCountry,
             CASE WHEN r.status IN ('ACCEPTED', 'COMPLETED') THEN 'A' WHEN r.status = 'DECLINED' THEN 'D' ELSE 'O' END AS cls,
             ${dims}, COUNT(*) AS n
           FROM referrals r JOIN cases c ON c.seq = r.case_seq
           WHERE r.status <> 'DRAFT' AND r.year BETWEEN ? AND ?
           GROUP BY r.year, r.to_country, cls, ${groupDims}`,
        )
        .all(...range) as Atom[];
      const flows = db
        .prepare(
          `SELECT year, "from", "to", COUNT(*) AS n FROM (
             SELECT DISTINCT c.seq, c.opened_year AS year, rec.country AS "from", ex.country AS "to" FROM cases c
             JOIN trafficking_events rec ON rec.case_seq = c.seq AND rec.type = 'RECRUITMENT'
             JOIN trafficking_events ex ON ex.case_seq = c.seq AND ex.type = 'EXPLOITATION'
             WHERE c.opened_year BETWEEN ? AND ? AND c.identification_status IN ('PRESUMED', 'IDENTIFIED', 'DECLINED_IDENTIFICATION')
           ) GROUP BY year, "from", "to"`,
        )
        .all(...range) as Atom[];
      this.atoms = { victims, suspects, referrals, flows };
    } finally {
      db.close();
    }
  }

  private async query(body: string): Promise<any> {
    this.requests += 1;
    const response = await postGraphql(
      this.url,
      `{ _entities(representations: [{ __typename: "Country", code: "${this.country}" }]) { ... on Country { ${body} } } }`,
      undefined,
      { token: this.token, purpose: null },
    );
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return (response.data as any)._entities[0];
  }

  /** The noise bound the service states (absent on the old code: exact values, D = 0). */
  private async readProtection(): Promise<void> {
    const probe = await postGraphql(
      this.url,
      `{ _entities(representations: [{ __typename: "Country", code: "${this.country}" }]) { ... on Country { statistics(year: ${this.yearFrom}) { maxDeviation } } } }`,
      undefined,
      { token: this.token, purpose: null },
    );
    const answer = await this.query(`statistics(year: ${this.yearFrom}) { threshold }`);
    this.protection = {
      threshold: Number(answer.statistics[0].threshold),
      maxDeviation: probe.errors ? 0 : Number((probe.data as any)._entities[0].statistics[0].maxDeviation),
    };
  }

  private part(id: string): Part {
    let part = this.parts.get(id);
    if (!part) {
      part = { unknowns: new Map(), equations: [] };
      this.parts.set(id, part);
    }
    return part;
  }

  /** The unknown of a cell; a cell not (yet) listed is known only to be published as 0 (or absent). */
  private unknown(part: Part, id: string, truth: () => number): Unknown {
    let u = part.unknowns.get(id);
    if (!u) {
      u = { id, lo: 0, hi: this.protection.maxDeviation, truth: truth(), listed: false };
      part.unknowns.set(id, u);
    }
    return u;
  }

  private publish(part: Part, id: string, row: Row, truth: () => number): void {
    this.publishedCells += 1;
    const interval = intervalOf(row, this.protection);
    const u = this.unknown(part, id, truth);
    if (!u.listed) {
      u.lo = 0;
      u.hi = Infinity;
      u.listed = true;
    }
    if (interval) {
      u.lo = Math.max(u.lo, interval[0]);
      u.hi = Math.min(u.hi, interval[1]);
    }
  }

  private statisticsTruth(measure: string, year: number, values: Record<string, unknown>): () => number {
    return () => {
      const family =
        measure === 'SUSPECTS' ? 'suspects' : measure === 'CROSS_BORDER_REFERRALS' ? 'referrals' : 'victims';
      const filter = VICTIM_MEASURES[measure] ?? (() => true);
      let sum = 0;
      for (const a of this.atoms[family]!) {
        if (a.year !== year || !filter(a)) continue;
        if (Object.entries(values).every(([d, v]) => (a[d] === '' ? null : a[d]) === v)) sum += Number(a.n);
      }
      return sum;
    };
  }

  private async harvestStatistics(measure: string, year: number): Promise<void> {
    const sets = everyGroupBy();
    const fields = sets
      .map(
        (set, i) =>
          `t${i}: statistics(year: ${year}, measure: ${measure}, groupBy: [${set.join(', ')}]) { ${DIMENSIONS.map((d) => BREAKDOWNS[d].field).join(' ')} value suppressed suppression }`,
      )
      .join('\n');
    const answer = await this.query(fields);
    sets.forEach((set, i) => this.addStatisticsTable(measure, year, set, answer[`t${i}`]));
  }

  private addStatisticsTable(measure: string, year: number, set: readonly string[], rows: any[]): void {
    if (measure === 'PROSECUTED' || measure === 'CONVICTED') return;
    const dims = set as Breakdown[];
    const partId = `statistics ${measure} ${year}`;
    const part = this.part(partId);
    let tables = this.tablesOf.get(partId);
    if (!tables) this.tablesOf.set(partId, (tables = new Set()));
    tables.add(JSON.stringify([...dims].sort()));
    for (const row of rows) {
      const values = Object.fromEntries(dims.map((d) => [d, row[BREAKDOWNS[d].field] ?? null]));
      this.publish(part, statisticsCellId(dims, values), row, this.statisticsTruth(measure, year, values));
    }
  }

  private async harvestExport(year: number): Promise<void> {
    const answer = await this.query(
      `eurostatExport(year: ${year}) { table measure dimensions rows { ${DIMENSIONS.map((d) => BREAKDOWNS[d].field).join(' ')} value suppressed suppression } }`,
    );
    for (const table of answer.eurostatExport)
      this.addStatisticsTable(table.measure, year, table.dimensions, table.rows);
  }

  /** Each cell of a table = the sum of its split by any one further breakdown (all of its codes). */
  private addStatisticsEquations(): void {
    for (const [partId, tables] of this.tablesOf) {
      const [, measure, yearText] = partId.split(' ');
      const year = Number(yearText);
      const part = this.parts.get(partId)!;
      const listed = [...part.unknowns.values()].filter((u) => u.listed);
      const splits: { parentId: string; values: Record<string, unknown>; d: Breakdown; dims: Breakdown[] }[] =
        [];
      for (const tableText of tables) {
        const dims = JSON.parse(tableText) as Breakdown[];
        for (const d of DIMENSIONS) {
          if (dims.includes(d) || !tables.has(JSON.stringify([...dims, d].sort()))) continue;
          // Parents: the listed cells of this table, and the parents of the listed cells of the finer one.
          const parents = new Map<string, Record<string, unknown>>();
          for (const u of listed) {
            const pairs = JSON.parse(u.id) as [string, unknown][];
            const keys = pairs.map(([k]) => k);
            const values = Object.fromEntries(pairs);
            if (keys.length === dims.length && dims.every((x) => keys.includes(x))) parents.set(u.id, values);
            if (keys.length === dims.length + 1 && keys.includes(d) && dims.every((x) => keys.includes(x))) {
              delete values[d];
              parents.set(statisticsCellId(dims, values), values);
            }
          }
          for (const [parentId, values] of parents) {
            this.unknown(part, parentId, this.statisticsTruth(measure!, year, values));
            splits.push({ parentId, values, d, dims });
          }
        }
      }
      // Children that are cells of their own (listed, or a parent elsewhere) are unknowns; the others
      // were published as 0 and enter each equation as a remainder of 0…D per absent child.
      for (const { parentId, values, d, dims } of splits) {
        const children: string[] = [];
        let absent = 0;
        for (const code of codesOf(d)) {
          const id = statisticsCellId([...dims, d], { ...values, [d]: code });
          if (part.unknowns.has(id)) children.push(id);
          else absent += 1;
        }
        part.equations.push({ parent: parentId, children, absent });
      }
    }
  }

  private async harvestFlows(yearFrom: number, yearTo: number, byYear: boolean): Promise<void> {
    const answer = await this.query(
      `routeFlows(year: ${yearFrom}, yearTo: ${yearTo}, byYear: ${byYear}) { yearFrom yearTo from to value suppressed suppression }`,
    );
    const part = this.part('flows');
    for (const row of answer.routeFlows) {
      const truth = () =>
        this.atoms
          .flows!.filter(
            (a) => a.year >= row.yearFrom && a.year <= row.yearTo && a.from === row.from && a.to === row.to,
          )
          .reduce((sum, a) => sum + Number(a.n), 0);
      this.publish(part, JSON.stringify([row.yearFrom, row.yearTo, row.from, row.to]), row, truth);
    }
  }

  private async harvestReferralMetrics(yearFrom: number, yearTo: number, byYear: boolean): Promise<void> {
    const count = 'value suppressed suppression';
    const answer = await this.query(
      `referralMetrics(year: ${yearFrom}, yearTo: ${yearTo}, byYear: ${byYear}) { toCountry yearFrom yearTo sent { ${count} } accepted { ${count} } declined { ${count} } }`,
    );
    const members: Record<string, (a: Atom) => boolean> = {
      sent: () => true,
      accepted: (a) => a.cls === 'A',
      declined: (a) => a.cls === 'D',
    };
    for (const [name, member] of Object.entries(members)) {
      const part = this.part(`referrals ${name}`);
      for (const row of answer.referralMetrics) {
        const truth = () =>
          this.atoms
            .referrals!.filter(
              (a) =>
                a.year >= row.yearFrom && a.year <= row.yearTo && a.toCountry === row.toCountry && member(a),
            )
            .reduce((sum, a) => sum + Number(a.n), 0);
        this.publish(part, JSON.stringify([row.yearFrom, row.yearTo, row.toCountry]), row[name], truth);
      }
    }
  }

  /** A period's flow or referral count = the sum of its years (every pair seen in any answer). */
  private addPeriodEquations(): void {
    for (const [partId, part] of this.parts) {
      if (partId.startsWith('statistics')) continue;
      const keys = new Set(
        [...part.unknowns.keys()].map((id) => JSON.stringify((JSON.parse(id) as unknown[]).slice(2))),
      );
      const truthOf = (a: number, b: number, rest: unknown[]) => () => {
        const [family, member] = partId === 'flows' ? ['flows', null] : ['referrals', partId.split(' ')[1]];
        return this.atoms[family!]!.filter((atom) => {
          if (atom.year < a || atom.year > b) return false;
          if (family === 'flows') return atom.from === rest[0] && atom.to === rest[1];
          if (atom.toCountry !== rest[0]) return false;
          return member === 'sent' || (member === 'accepted' ? atom.cls === 'A' : atom.cls === 'D');
        }).reduce((sum, atom) => sum + Number(atom.n), 0);
      };
      for (const keyText of keys) {
        const rest = JSON.parse(keyText) as unknown[];
        for (let a = this.yearFrom; a <= this.yearTo; a++)
          for (let b = a + 1; b <= this.yearTo; b++) {
            const parent = JSON.stringify([a, b, ...rest]);
            this.unknown(part, parent, truthOf(a, b, rest));
            const children: string[] = [];
            for (let y = a; y <= b; y++) {
              const id = JSON.stringify([y, y, ...rest]);
              this.unknown(part, id, truthOf(y, y, rest));
              children.push(id);
            }
            part.equations.push({ parent, children, absent: 0 });
          }
      }
    }
  }

  /** Bounds every small cell with HiGHS over all unknowns and equations of its part. */
  private async solve(): Promise<AttackReport> {
    const highs = await highsLoader();
    const { threshold, maxDeviation } = this.protection;
    const report: AttackReport = {
      country: this.country,
      requests: this.requests,
      publishedCells: this.publishedCells,
      unknowns: 0,
      equations: 0,
      smallCells: 0,
      pinned: [],
      provenNonZero: 0,
      maxDeviation,
      threshold,
      seconds: 0,
    };
    for (const [partId, part] of this.parts) {
      const unknowns = [...part.unknowns.values()];
      report.unknowns += unknowns.length;
      report.equations += part.equations.length;
      const column = new Map(unknowns.map((u, i) => [u.id, i]));
      const model = highs.createModel();
      try {
        // No presolve, so that each solve starts from the previous basis (only the objective changes).
        model.options.set({ output_flag: false, presolve: 'off' });
        model.addVars(
          unknowns.map((u) => u.lo),
          unknowns.map((u) => (Number.isFinite(u.hi) ? u.hi : highs.infinity)),
        );
        let columns = unknowns.length;
        for (const e of part.equations) {
          const indices = [column.get(e.parent)!, ...e.children.map((c) => column.get(c)!)];
          if (e.absent > 0 && maxDeviation > 0) {
            model.addVar(0, e.absent * maxDeviation);
            indices.push(columns++);
          }
          model.addRow(0, 0, { indices, values: indices.map((_, i) => (i === 0 ? 1 : -1)) });
        }
        let previous = -1;
        for (const [i, target] of unknowns.entries()) {
          if (target.truth < 1 || target.truth >= threshold) continue;
          report.smallCells += 1;
          if (previous >= 0) model.changeColCost(previous, 0);
          previous = i;
          // Minimise the cell, then minimise its negative (the maximum), always from the last basis.
          const bound = (sense: 'minimize' | 'maximize') => {
            model.changeColCost(i, sense === 'minimize' ? 1 : -1);
            model.run();
            const status = model.getModelStatus();
            if (status === highs.constants.modelStatus.unbounded)
              return sense === 'minimize' ? -Infinity : Infinity;
            if (status !== highs.constants.modelStatus.optimal)
              throw new Error(
                `${this.country} ${partId}: the equations have no solution (status ${status}): the harness is wrong`,
              );
            return sense === 'minimize' ? model.getObjectiveValue() : -model.getObjectiveValue();
          };
          const low = Math.ceil(bound('minimize') - 1e-6);
          const high = Math.floor(bound('maximize') + 1e-6);
          if (target.truth < low || target.truth > high)
            throw new Error(
              `${this.country} ${partId}: bounds ${low}…${high} exclude the truth ${target.truth} of ${target.id}`,
            );
          if (low === high) report.pinned.push({ cell: `${partId} ${target.id}`, value: target.truth });
          if (low >= 1) report.provenNonZero += 1;
        }
      } finally {
        model.dispose();
      }
    }
    return report;
  }
}
