import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kind, type ObjectTypeDefinitionNode, parse } from 'graphql';
import { tokenFor } from '../support/auth';
import { policyTable } from '../support/policyTables';
import { type RunningProcess, startNational, tempDir } from '../support/services';

/**
 * The generated matrix of docs/security/enforcement-point.md: for every person-level type × field ×
 * role × relation of the record to the caller × entry path, the answer of a Swedish national service
 * reached directly (no gateway: an attacker's view) equals the documented policy, and the audit log
 * holds exactly the events the page promises. The expectations are read from the page's tables.
 */

const ROOT = join(__dirname, '..', '..');

// ---------------------------------------------------------------------------------------------
// The documented policy

const docTable = policyTable;

const RELATIONS = [
  'OWN_ORG',
  'OTHER_ORG',
  'FOREIGN_SHARED',
  'FOREIGN_UNSHARED',
  'OWN_MISSING',
  'FOREIGN_MISSING',
] as const;
type Relation = (typeof RELATIONS)[number];
type Outcome = 'allowed' | 'refused' | 'null' | '-';

const records = new Map<string, { outcome: Record<Relation, Outcome>; grantedBy: string }>();
for (const [type, roles, ...rest] of docTable('records')) {
  const outcome = Object.fromEntries(RELATIONS.map((r, i) => [r, rest[i] as Outcome])) as Record<
    Relation,
    Outcome
  >;
  records.set(`${type}|${roles}`, { outcome, grantedBy: rest[RELATIONS.length] as string });
}
const ROLE_SETS = [
  ...new Set(
    [...records.keys()].map((k) => k.split('|')[1] as string).map((roles) => roles.split(', ').join(',')),
  ),
].map((roles) => roles.split(','));

const scopes = new Map<string, { ownPolice: boolean; ownOther: boolean; foreign: boolean }>();
for (const [scope, ownPolice, ownOther, foreign] of docTable('scopes')) {
  scopes.set(scope as string, {
    ownPolice: ownPolice === 'allowed',
    ownOther: ownOther === 'allowed',
    foreign: foreign === 'allowed',
  });
}

interface FieldRow {
  type: string;
  endpoint: 'national' | 'crossborder';
  path: string[];
  /** The person-level type the field reads, for `→ Type`. */
  reads: string | null;
  graphqlField: string;
  scope: string;
}
const FIELDS: FieldRow[] = docTable('fields').map(([type, endpoint, field, graphqlField, scope]) => {
  const [path, reads] = (field as string).split('→').map((s) => s.trim());
  return {
    type: type as string,
    endpoint: endpoint as FieldRow['endpoint'],
    path: (path as string).split('.'),
    reads: reads ?? null,
    graphqlField: graphqlField as string,
    scope: scope as string,
  };
});

type Caller = { own: boolean; roles: string[] };

function recordOutcome(type: string, roles: string[], relation: Relation): Outcome {
  const row = records.get(`${type}|${roles.join(', ')}`);
  if (!row) throw new Error(`the policy table has no row for ${type} and ${roles.join(', ')}`);
  return row.outcome[relation];
}

function scopeAllows(scope: string, caller: Caller): boolean {
  const rule = scopes.get(scope);
  if (!rule) throw new Error(`the policy table has no scope ${scope}`);
  if (!caller.own) return rule.foreign;
  return caller.roles.includes('POLICE_LIAISON') ? rule.ownPolice : rule.ownOther;
}

/** The audit column holds 32 characters of a type or field name: longer names end in ~ and a hash. */
function fit(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 17)}~${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}

/**
 * What a selection of the type's fields (at `endpoint`) must answer for a caller who may read the
 * record under `relation`: the paths refused (the top-most refused field of each branch), the audit
 * names of the refused fields, and the person-level types read by allowed nested fields.
 */
function fieldExpectations(type: string, endpoint: string, caller: Caller, relation: Relation) {
  const rows = FIELDS.filter((f) => f.type === type && f.endpoint === endpoint);
  const refused = new Map<string, string>(); // path of the refused field -> audit entity type
  const nestedReads = new Set<string>();
  for (const row of rows) {
    // The row's scope is its GraphQL field's: refused at that field's path (with what is below it).
    const name = row.graphqlField.split('.')[1] as string;
    const at = row.path.slice(0, row.path.lastIndexOf(name) + 1).join('.');
    if ([...refused.keys()].some((p) => at === p || at.startsWith(`${p}.`))) continue;
    if (!scopeAllows(row.scope, caller)) {
      refused.set(at, fit(row.graphqlField, 32));
      continue;
    }
    if (row.reads) {
      if (recordOutcome(row.reads, caller.roles, relation) === 'refused') refused.set(at, row.reads);
      else nestedReads.add(row.reads);
    }
  }
  return { rows, refused, nestedReads };
}

/** `{ a b { c } }` from the paths of the rows. */
function selection(rows: FieldRow[]): string {
  type Tree = Map<string, Tree>;
  const tree: Tree = new Map();
  for (const row of rows) {
    let node = tree;
    for (const part of row.path) {
      if (!node.has(part)) node.set(part, new Map());
      node = node.get(part) as Tree;
    }
  }
  // An object field listed on its own (e.g. `identification`) still needs a sub-selection.
  const print = (node: Tree): string =>
    [...node.entries()]
      .map(([name, children]) => (children.size > 0 ? `${name} { ${print(children)} }` : name))
      .join(' ');
  return print(tree);
}

// ---------------------------------------------------------------------------------------------
// The service, its records and the callers

const SE_ORG = 'SE:Organisation:nsp';
const SE_OTHER_ORG = 'SE:Organisation:regional-coordinators';
const FI_ORG = 'FI:Organisation:nas';

const PURPOSE: Record<string, string> = {
  POLICE_LIAISON: 'CRIMINAL_INVESTIGATION_SUPPORT',
  NATIONAL_RAPPORTEUR: 'INDEPENDENT_MONITORING',
};
const purposeOf = (roles: string[]) =>
  roles.includes('NATIONAL_COORDINATOR')
    ? 'VICTIM_ASSISTANCE_CONTINUITY'
    : (PURPOSE[roles[0] as string] ?? 'VICTIM_ASSISTANCE_CONTINUITY');

interface Fixture {
  /** The record of each type under each relation, and the parent through which it is reached nested. */
  Case: Record<Relation, { id: string; viaReferral?: string }>;
  Referral: Record<Relation, { id: string; viaCase?: string }>;
  CaseLink: Record<Relation, { id: string; viaCase?: string }>;
}

interface Answer {
  status: number;
  data?: Record<string, any> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

interface AuditRow {
  role: string;
  roles: string;
  outcome: string;
  entity_type: string;
  entity_ids: string;
  result_count: number;
  reason: string | null;
  actor_id: string;
  actor_org: string;
}

describe('one enforcement point for every person-level read (the generated matrix)', () => {
  const dir = tempDir('enforcement');
  const file = join(dir, 'se.sqlite');
  let sweden: RunningProcess;
  let fixture: Fixture;
  const tokens = new Map<string, string>();

  const callerKey = (own: boolean, roles: string[]) => `${own ? 'SE' : 'FI'}|${roles.join(',')}`;

  beforeAll(async () => {
    sweden = await startNational({ country: 'SE', database: `sqlite:${file}` });
    fixture = chooseRecords(file);
    await Promise.all(
      ROLE_SETS.flatMap((roles) =>
        [true, false].map(async (own) => {
          const token = await tokenFor({
            country: own ? 'SE' : 'FI',
            roles: roles as 'NATIONAL_COORDINATOR'[],
            subject: `matrix-${own ? 'se' : 'fi'}-${roles.join('-').toLowerCase()}`,
            organisation: own ? SE_ORG : FI_ORG,
          });
          tokens.set(callerKey(own, roles), token);
        }),
      ),
    );
  });
  afterAll(() => sweden?.stop());

  /** One request straight to the service, under a trace id of its own (to find its audit events). */
  async function send(
    endpoint: 'national' | 'crossborder',
    caller: Caller,
    query: string,
    variables?: Record<string, unknown>,
    token = tokens.get(callerKey(caller.own, caller.roles)) as string,
    purpose = purposeOf(caller.roles),
  ): Promise<{ answer: Answer; traceId: string }> {
    const traceId = randomBytes(16).toString('hex');
    const response = await fetch(
      `${sweden.url}${endpoint === 'national' ? '/graphql' : '/crossborder/graphql'}`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'x-purpose': purpose,
          traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
        },
        body: JSON.stringify({ query, variables }),
      },
    );
    const body = (await response.json()) as Omit<Answer, 'status'>;
    return { answer: { status: response.status, ...body }, traceId };
  }

  function auditRows(traceIds: readonly string[]): Map<string, AuditRow[]> {
    const db = new Database(file, { readonly: true });
    try {
      const rows = db
        .prepare(
          `SELECT * FROM audit_events WHERE trace_id IN (${traceIds.map(() => '?').join(',')}) ORDER BY seq`,
        )
        .all(...traceIds) as (AuditRow & { trace_id: string })[];
      const byTrace = new Map<string, AuditRow[]>(traceIds.map((t) => [t, []]));
      for (const row of rows) byTrace.get(row.trace_id)?.push(row);
      return byTrace;
    } finally {
      db.close();
    }
  }

  /** Runs `jobs` a few at a time: the service answers each as it would any client. */
  async function pool<T>(jobs: (() => Promise<T>)[], width = 8): Promise<T[]> {
    const results: T[] = new Array(jobs.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: width }, async () => {
        while (next < jobs.length) {
          const index = next++;
          results[index] = await (jobs[index] as () => Promise<T>)();
        }
      }),
    );
    return results;
  }

  // -------------------------------------------------------------------------------------------
  // The cells

  type Entry = 'root' | 'entities' | 'entitiesCrossborder' | 'nested';
  interface Cell {
    type: 'Case' | 'Referral' | 'CaseLink';
    entry: Entry;
    roles: string[];
    relation: Relation;
  }

  const ENTRIES: Record<Cell['type'], Entry[]> = {
    Case: ['root', 'entities', 'entitiesCrossborder', 'nested'],
    Referral: ['root', 'entities', 'entitiesCrossborder', 'nested'],
    CaseLink: ['root', 'entities', 'nested'],
  };

  /** Where the entry reads the type's fields (the endpoint whose fields it selects). */
  const endpointOf = (cell: Cell): 'national' | 'crossborder' =>
    cell.type === 'CaseLink' || cell.entry === 'entitiesCrossborder' ? 'crossborder' : 'national';

  function request(cell: Cell, id: string, fields: string) {
    const entities = (typename: string, rep: Record<string, unknown>) => ({
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { ${fields} } } }`,
      variables: { r: [{ __typename: typename, ...rep }] },
      at: ['_entities', 0],
    });
    const record = fixture[cell.type][cell.relation] as {
      id: string;
      viaCase?: string;
      viaReferral?: string;
    };
    switch (`${cell.type}:${cell.entry}`) {
      case 'Case:root':
        return { query: `{ case(id: "${id}") { ${fields} } }`, at: ['case'] };
      case 'Case:entities':
        return entities('Case', { id });
      case 'Case:entitiesCrossborder':
        return entities('Case', { id, country: 'SE' });
      case 'Case:nested':
        return {
          query: `{ referral(id: "${record.viaReferral}") { id case { ${fields} } } }`,
          at: ['referral', 'case'],
        };
      case 'Referral:root':
        return { query: `{ referral(id: "${id}") { ${fields} } }`, at: ['referral'] };
      case 'Referral:entities':
        return entities('Referral', { id });
      case 'Referral:entitiesCrossborder':
        return entities('Referral', { id, fromCountry: 'SE' });
      case 'Referral:nested':
        return {
          query: `{ case(id: "${record.viaCase}") { id referrals { ${fields} } } }`,
          at: ['case', 'referrals'],
        };
      case 'CaseLink:root':
        return { query: `{ caseLink(id: "${id}") { ${fields} } }`, at: ['caseLink'] };
      case 'CaseLink:entities':
        return entities('CaseLink', { id });
      case 'CaseLink:nested':
        return {
          ...entities('Case', { id: record.viaCase, country: 'SE' }),
          query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id links { ${fields} } } } }`,
          at: ['_entities', 0, 'links'],
        };
    }
    throw new Error(`no entry ${cell.entry} for ${cell.type}`);
  }

  const cells: Cell[] = [];
  for (const type of ['Case', 'Referral', 'CaseLink'] as const)
    for (const entry of ENTRIES[type])
      for (const roles of ROLE_SETS)
        for (const relation of RELATIONS)
          if (entry !== 'nested' || !relation.endsWith('MISSING'))
            cells.push({ type, entry, roles, relation });

  /** Strips list indices: `exploitations.0.sexualType` → `exploitations.sexualType`. */
  const pathKey = (path: readonly (string | number)[]) => path.filter((p) => typeof p === 'string').join('.');

  /** The record's expected outcome through the cell's entry (nested: the parent and the field too). */
  function outcomeOf(cell: Cell, caller: Caller): Outcome {
    const outcome = recordOutcome(cell.type, cell.roles, cell.relation);
    if (cell.entry !== 'nested') return outcome;
    const parentType = cell.type === 'Case' ? 'Referral' : 'Case';
    const parentField = FIELDS.find(
      (f) => f.type === parentType && f.reads === cell.type && f.endpoint === endpointOf(cell),
    ) as FieldRow;
    const parent = recordOutcome(parentType, cell.roles, cell.relation);
    return parent === 'allowed' && scopeAllows(parentField.scope, caller) ? outcome : 'refused';
  }

  it('answers and audits every cell exactly as docs/security/enforcement-point.md says', async () => {
    const started = Date.now();
    const ask = async (cell: Cell, caller: Caller, id: string, rows: FieldRow[]) => {
      const { query, variables, at } = request(cell, id, selection(rows)) as {
        query: string;
        variables?: Record<string, unknown>;
        at: (string | number)[];
      };
      return { at, ...(await send(endpointOf(cell), caller, query, variables)) };
    };
    const results = await pool(
      cells.map((cell) => async () => {
        const caller: Caller = {
          own: cell.relation.startsWith('OWN') || cell.relation === 'OTHER_ORG',
          roles: cell.roles,
        };
        const id = fixture[cell.type][cell.relation].id;
        const outcome = outcomeOf(cell, caller);
        const expectation = fieldExpectations(cell.type, endpointOf(cell), caller, cell.relation);
        // Every field at once (for a refused or missing record) …
        const all = await ask(cell, caller, id, expectation.rows);
        if (outcome !== 'allowed')
          return { cell, id, outcome, expectation, all, allowed: null, refusals: [] };
        // … else the allowed fields alone, all answered, and each refused field on its own (a refused
        // non-null field nulls its parent, as GraphQL does, and stops its siblings' execution).
        const under = (row: FieldRow, paths: string[]) => {
          const name = row.graphqlField.split('.')[1] as string;
          const at = row.path.slice(0, row.path.lastIndexOf(name) + 1).join('.');
          return paths.some((p) => at === p || at.startsWith(`${p}.`));
        };
        const refusedPaths = [...expectation.refused.keys()];
        const allowedRows = expectation.rows.filter((row) => !under(row, refusedPaths));
        const allowed = await ask(cell, caller, id, allowedRows);
        const refusals = [];
        for (const path of refusedPaths) {
          const rows = [
            ...allowedRows.filter((row) => row.path.join('.') === 'id'),
            ...expectation.rows.filter((row) => under(row, [path])),
          ];
          refusals.push({ path, ...(await ask(cell, caller, id, rows)) });
        }
        return { cell, id, outcome, expectation, all, allowed, refusals };
      }),
    );
    const audit = auditRows(
      results.flatMap((r) => [
        r.all.traceId,
        ...(r.allowed ? [r.allowed.traceId] : []),
        ...r.refusals.map((x) => x.traceId),
      ]),
    );
    const failures: string[] = [];
    for (const { cell, id, outcome, expectation, all, allowed, refusals } of results) {
      const name = `${cell.type} ${cell.entry} ${cell.roles.join('+')} ${cell.relation}`;
      const fail = (what: string) => failures.push(`${name}: ${what}`);
      const roles = cell.roles.join(',');
      const granted = records.get(`${cell.type}|${cell.roles.join(', ')}`)?.grantedBy;
      const valueOf = (r: { at: (string | number)[]; answer: Answer }) =>
        r.at.reduce<any>((node, key) => (node == null ? node : node[key]), r.answer.data);
      const codesOf = (r: { answer: Answer }) => (r.answer.errors ?? []).map((e) => e.extensions?.code);
      const rowsOf = (traceId: string) => audit.get(traceId) ?? [];
      /** The ALLOWED events of the cell's type naming the record. */
      const reads = (rows: AuditRow[]) =>
        rows.filter(
          (r) =>
            r.outcome === 'ALLOWED' && r.entity_type === cell.type && r.entity_ids.split(',').includes(id),
        );

      const rows = rowsOf(all.traceId);
      const value = valueOf(all);
      if (outcome === 'refused') {
        if (value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0))
          fail(`answered ${JSON.stringify(value).slice(0, 80)} instead of refusing`);
        if (!codesOf(all).includes('FORBIDDEN'))
          fail(`error codes ${JSON.stringify(codesOf(all))}, expected FORBIDDEN`);
        const denied = rows.filter((r) => r.outcome === 'DENIED');
        if (denied.length !== 1) fail(`${denied.length} DENIED audit events, expected 1`);
        if (reads(rows).length > 0) fail(`audited as ALLOWED: ${JSON.stringify(reads(rows))}`);
        for (const row of denied) {
          if (
            row.roles !== roles ||
            row.role !== cell.roles[0] ||
            row.result_count !== 0 ||
            row.reason !== 'FORBIDDEN'
          )
            fail(`DENIED event ${JSON.stringify(row)}`);
        }
        if (cell.entry !== 'nested') {
          const [row] = denied;
          if (row && (row.entity_type !== cell.type || row.entity_ids !== id))
            fail(`DENIED event names ${row.entity_type} ${row.entity_ids}, expected ${cell.type} ${id}`);
          if (rows.length !== 1) fail(`${rows.length} audit events, expected the one DENIED`);
        }
        continue;
      }

      const mine = reads(rows);
      if (mine.length !== 1) fail(`${mine.length} ALLOWED ${cell.type} events naming ${id}, expected 1`);
      const [row] = mine;
      if (row && (row.role !== granted || row.roles !== roles))
        fail(`ALLOWED event role ${row.role} roles ${row.roles}, expected ${granted} and ${roles}`);
      if (outcome === 'null') {
        if (value !== null) fail(`answered ${JSON.stringify(value)} for a missing record, expected null`);
        if (codesOf(all).length > 0) fail(`errors ${JSON.stringify(codesOf(all))} for a missing record`);
        if (row && row.result_count !== 0) fail(`resultCount ${row.result_count} for a null answer`);
        if (rows.length !== 1) fail(`${rows.length} audit events, expected 1`);
        continue;
      }
      // Each refused field: FORBIDDEN at its path, one DENIED event naming it, the record read once.
      for (const refusal of refusals) {
        const prefix = pathKey(refusal.at);
        const paths = (refusal.answer.errors ?? []).map((e) =>
          pathKey(e.path ?? []).slice(prefix.length + 1),
        );
        if (!paths.includes(refusal.path) || paths.some((p) => p !== refusal.path))
          fail(`field ${refusal.path}: errors at ${JSON.stringify(paths)}`);
        if (codesOf(refusal).some((c) => c !== 'FORBIDDEN'))
          fail(`field ${refusal.path}: error codes ${JSON.stringify(codesOf(refusal))}`);
        const refusalRows = rowsOf(refusal.traceId);
        const denied = refusalRows.filter((r) => r.outcome === 'DENIED');
        const auditName = expectation.refused.get(refusal.path);
        if (denied.length !== 1 || denied[0]?.entity_type !== auditName)
          fail(
            `field ${refusal.path}: DENIED events ${JSON.stringify(denied.map((r) => r.entity_type))}, expected [${auditName}]`,
          );
        if (denied[0] && (denied[0].roles !== roles || denied[0].role !== cell.roles[0]))
          fail(`field ${refusal.path}: DENIED event role ${denied[0].role} roles ${denied[0].roles}`);
        if (reads(refusalRows).length !== 1)
          fail(`field ${refusal.path}: ${reads(refusalRows).length} ALLOWED events naming ${id}`);
      }

      // The allowed fields alone: all answered, audited as one ALLOWED read of the record.
      if (!allowed) continue;
      const answered = valueOf(allowed);
      const items: any[] = Array.isArray(answered) ? answered : [answered];
      if (!items.some((item) => item?.id === id) || allowed.answer.errors) {
        fail(`allowed fields not answered: ${JSON.stringify(allowed.answer).slice(0, 300)}`);
        continue;
      }
      const allowedRows = rowsOf(allowed.traceId);
      const [read, ...more] = reads(allowedRows);
      if (!read || more.length > 0) fail(`${reads(allowedRows).length} ALLOWED events naming ${id}`);
      if (read && (read.role !== granted || read.roles !== roles))
        fail(`ALLOWED event role ${read.role} roles ${read.roles}, expected ${granted} and ${roles}`);
      if (read && read.result_count !== items.length)
        fail(`resultCount ${read.result_count}, expected ${items.length}`);
      if (allowedRows.some((r) => r.outcome === 'DENIED')) fail(`DENIED events for allowed fields`);
      if (cell.entry !== 'nested') {
        const allowedTypes = allowedRows.map((r) => r.entity_type);
        const expectedAllowed = [cell.type, ...[...expectation.nestedReads].filter((t) => t !== cell.type)];
        if (JSON.stringify([...allowedTypes].sort()) !== JSON.stringify(expectedAllowed.sort()))
          fail(`ALLOWED events ${JSON.stringify(allowedTypes)}, expected ${JSON.stringify(expectedAllowed)}`);
      }
    }
    console.log(
      `enforcement matrix: ${cells.length} cells, ${results.reduce((n, r) => n + (r.allowed ? 2 : 1) + r.refusals.length, 0)} requests (${ROLE_SETS.length} role sets, ${FIELDS.length} documented fields) in ${Date.now() - started} ms`,
    );
    expect(failures).toEqual([]);
  });

  it('lets only the documented callers list match reviews and the audit log, audited the same way', async () => {
    const lists = [
      {
        type: 'MatchReview',
        query: (f: string) => `{ matchReviews(country: SE) { ${f} } }`,
        at: ['matchReviews'],
      },
      {
        type: 'AuditEvent',
        query: (f: string) => `{ auditEvents(country: SE, first: 1) { nodes { ${f} } } }`,
        at: ['auditEvents', 'nodes'],
      },
    ];
    const jobs = lists.flatMap((list) =>
      ROLE_SETS.flatMap((roles) =>
        (
          [
            ['OWN_ORG', true],
            ['FOREIGN_SHARED', false],
          ] as const
        ).map(([relation, own]) => async () => {
          const fields = FIELDS.filter((f) => f.type === list.type);
          // Match reviews are read by auditors for an audit (the policy's purposes for match reviews).
          const purpose =
            list.type === 'MatchReview' &&
            roles.includes('AUDITOR') &&
            !roles.includes('NATIONAL_COORDINATOR')
              ? 'AUDIT'
              : undefined;
          const query = list.query(selection(fields));
          const { answer, traceId } = await send(
            'national',
            { own, roles },
            query,
            undefined,
            undefined,
            purpose,
          );
          return { list, roles, relation, answer, traceId };
        }),
      ),
    );
    const results = await pool(jobs);
    const audit = auditRows(results.map((r) => r.traceId));
    const failures: string[] = [];
    for (const { list, roles, relation, answer, traceId } of results) {
      const name = `${list.type} ${roles.join('+')} ${relation}`;
      const expected = recordOutcome(list.type, roles, relation);
      const rows = audit.get(traceId) ?? [];
      const value = list.at.reduce<any>((node, key) => (node == null ? node : node[key]), answer.data);
      if (rows.length !== 1) failures.push(`${name}: ${rows.length} audit events, expected 1`);
      const [row] = rows;
      if (expected === 'allowed') {
        if (!Array.isArray(value) || answer.errors)
          failures.push(`${name}: ${JSON.stringify(answer).slice(0, 200)}`);
        const granted = records.get(`${list.type}|${roles.join(', ')}`)?.grantedBy;
        if (
          row?.outcome !== 'ALLOWED' ||
          row.role !== granted ||
          row.roles !== roles.join(',') ||
          row.result_count !== (value?.length ?? -1)
        )
          failures.push(`${name}: audit ${JSON.stringify(row)}`);
      } else {
        if (value || answer.errors?.[0]?.extensions?.code !== 'FORBIDDEN')
          failures.push(`${name}: ${JSON.stringify(answer).slice(0, 200)}`);
        if (
          row?.outcome !== 'DENIED' ||
          row.entity_type !== list.type ||
          row.role !== roles[0] ||
          row.roles !== roles.join(',')
        )
          failures.push(`${name}: audit ${JSON.stringify(row)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('documents every field the two subgraphs serve for the person-level types', () => {
    const served = new Set<string>();
    for (const endpoint of ['national', 'crossborder'] as const) {
      const document = parse(readFileSync(join(ROOT, `schema/${endpoint}.graphql`), 'utf8'));
      for (const definition of document.definitions) {
        if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
        const type = definition as ObjectTypeDefinitionNode;
        if (!['Case', 'Referral', 'CaseLink', 'MatchReview', 'AuditEvent'].includes(type.name.value))
          continue;
        for (const field of type.fields ?? []) {
          if (field.directives?.some((d) => d.name.value === 'external')) continue;
          served.add(`${type.name.value} ${endpoint} ${field.name.value}`);
        }
      }
    }
    const documented = new Set(FIELDS.map((f) => `${f.type} ${f.endpoint} ${f.path[0]}`));
    expect([...served].filter((f) => !documented.has(f))).toEqual([]);
    expect([...documented].filter((f) => !served.has(f))).toEqual([]);
  });

  it('audits hostile input instead of failing the audit write (AUDIT_UNAVAILABLE)', async () => {
    const coordinator: Caller = { own: true, roles: ['NATIONAL_COORDINATOR'] };
    const db = () => new Database(file, { readonly: true });
    const rowsOf = (traceId: string) => {
      const store = db();
      try {
        return store.prepare('SELECT * FROM audit_events WHERE trace_id = ?').all(traceId) as AuditRow[];
      } finally {
        store.close();
      }
    };
    // An entity id of 300 characters, from a caller who may not read the log: refused, audited shortened.
    const longId = `SE:Case:${'9'.repeat(292)}`;
    const long = await send(
      'national',
      coordinator,
      `{ auditEvents(country: SE, entityId: "${longId}") { nodes { id } } }`,
    );
    expect(long.answer.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(rowsOf(long.traceId)).toEqual([
      expect.objectContaining({ outcome: 'DENIED', entity_type: 'AuditEvent', entity_ids: fit(longId, 128) }),
    ]);
    // An entity id carrying the list separator, from a caller who may not read the log.
    const listed = 'SE:Case:2019-000001,SE:Case:2019-000002';
    const commas = await send(
      'national',
      coordinator,
      `{ auditEvents(country: SE, entityId: "${listed}") { nodes { id } } }`,
    );
    expect(commas.answer.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(rowsOf(commas.traceId)).toEqual([
      expect.objectContaining({
        outcome: 'DENIED',
        entity_type: 'AuditEvent',
        entity_ids: listed.replace(',', '%2C'),
      }),
    ]);
    // A token whose subject is as long as authentication allows (its column's width) and whose
    // organisation is longer than its column.
    const caseworker = { own: true, roles: ['ASSISTANCE_CASEWORKER'] };
    const token = await tokenFor({
      country: 'SE',
      roles: ['ASSISTANCE_CASEWORKER'],
      subject: `s${'x'.repeat(127)}`,
      organisation: `SE:Organisation:${'y'.repeat(200)}`,
    });
    const outOfScope = await send(
      'national',
      caseworker,
      `{ case(id: "${fixture.Case.OWN_ORG.id}") { id } }`,
      undefined,
      token,
    );
    expect(outOfScope.answer.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const [row] = rowsOf(outOfScope.traceId);
    expect(row).toMatchObject({ outcome: 'DENIED', actor_id: `s${'x'.repeat(127)}` });
    expect(row?.actor_org).toHaveLength(96);
  });

  it('records the role that granted a step, and all roles, for a token of several roles', async () => {
    const caller: Caller = { own: true, roles: ['DASHBOARD', 'NATIONAL_COORDINATOR'] };
    // Assigning a case to the organisation already responsible for it: a step, with no change.
    const { answer, traceId } = await send(
      'national',
      caller,
      `mutation { assignCase(caseId: "${fixture.Case.OTHER_ORG.id}", organisationId: "${SE_OTHER_ORG}", idempotencyKey: "matrix-assign-0001") { id } }`,
    );
    expect(answer.errors).toBeUndefined();
    const store = new Database(file, { readonly: true });
    try {
      const rows = store.prepare('SELECT * FROM audit_events WHERE trace_id = ?').all(traceId) as AuditRow[];
      expect(rows).toEqual([
        expect.objectContaining({
          outcome: 'ALLOWED',
          role: 'NATIONAL_COORDINATOR',
          roles: 'DASHBOARD,NATIONAL_COORDINATOR',
        }),
      ]);
    } finally {
      store.close();
    }
  });
});

/**
 * Picks, from Sweden's seeded store, one record of each type per relation, and gives the own-country
 * ones their relation: the caller's organisation and flagged for investigation, or another
 * organisation and not flagged.
 */
function chooseRecords(file: string): Fixture {
  const db = new Database(file);
  try {
    const one = <T>(sql: string, ...params: unknown[]): T => {
      const row = db.prepare(sql).get(...params) as T | undefined;
      if (!row) throw new Error(`no fixture for: ${sql}`);
      return row;
    };
    const notSharedWithFinland = `NOT EXISTS (SELECT 1 FROM referrals x WHERE x.case_seq = c.seq AND x.to_country = 'FI' AND x.status IN ('ACCEPTED', 'COMPLETED'))
      AND NOT EXISTS (SELECT 1 FROM case_links l WHERE l.case_seq = c.seq AND l.foreign_country = 'FI')
      AND (c.origin_referral_id IS NULL OR c.origin_referral_id NOT LIKE 'FI:%')`;
    const sharedReferral = one<{ id: string; case_id: string }>(
      "SELECT id, case_id FROM referrals WHERE to_country = 'FI' AND status = 'ACCEPTED' AND to_org_id = ? ORDER BY seq LIMIT 1",
      FI_ORG,
    );
    const unsharedReferral = one<{ id: string; case_id: string }>(
      `SELECT r.id, r.case_id FROM referrals r JOIN cases c ON c.seq = r.case_seq WHERE r.to_country = 'NO' AND ${notSharedWithFinland} ORDER BY r.seq LIMIT 1`,
    );
    const link = (country: string, not: string[]) =>
      one<{ id: string; case_id: string }>(
        `SELECT id, case_id FROM case_links WHERE owned = 1 AND foreign_country = ? AND confirmed_by LIKE '%,%'
         AND case_id NOT IN (${not.map(() => '?').join(',') || "''"}) ORDER BY seq LIMIT 1`,
        country,
        ...not,
      );
    const sharedLink = link('FI', []);
    const unsharedLink = link('NO', []);
    const taken = [
      sharedReferral.case_id,
      unsharedReferral.case_id,
      sharedLink.case_id,
      unsharedLink.case_id,
    ];
    const referral = (not: string[]) =>
      one<{ id: string; case_id: string }>(
        `SELECT r.id, r.case_id FROM referrals r WHERE r.to_country = 'DK' AND r.case_id NOT IN (${not.map(() => '?').join(',')}) ORDER BY r.seq LIMIT 1`,
        ...not,
      );
    const ownReferral = referral(taken);
    const otherReferral = referral([...taken, ownReferral.case_id]);
    const ownLink = link('DK', [...taken, ownReferral.case_id, otherReferral.case_id]);
    const otherLink = link('DK', [...taken, ownReferral.case_id, otherReferral.case_id, ownLink.case_id]);
    const assign = db.prepare(
      'UPDATE cases SET responsible_org_id = ?, criminal_investigation_opened = ? WHERE id = ?',
    );
    for (const id of [ownReferral.case_id, ownLink.case_id]) assign.run(SE_ORG, 1, id);
    for (const id of [otherReferral.case_id, otherLink.case_id]) assign.run(SE_OTHER_ORG, 0, id);
    const missing = (type: string) => `SE:${type}:1999-999999`;
    return {
      Case: {
        OWN_ORG: { id: ownReferral.case_id, viaReferral: ownReferral.id },
        OTHER_ORG: { id: otherReferral.case_id, viaReferral: otherReferral.id },
        FOREIGN_SHARED: { id: sharedReferral.case_id, viaReferral: sharedReferral.id },
        FOREIGN_UNSHARED: { id: unsharedReferral.case_id, viaReferral: unsharedReferral.id },
        OWN_MISSING: { id: missing('Case') },
        FOREIGN_MISSING: { id: missing('Case') },
      },
      Referral: {
        OWN_ORG: { id: ownReferral.id, viaCase: ownReferral.case_id },
        OTHER_ORG: { id: otherReferral.id, viaCase: otherReferral.case_id },
        FOREIGN_SHARED: { id: sharedReferral.id, viaCase: sharedReferral.case_id },
        FOREIGN_UNSHARED: { id: unsharedReferral.id, viaCase: unsharedReferral.case_id },
        OWN_MISSING: { id: missing('Referral') },
        FOREIGN_MISSING: { id: missing('Referral') },
      },
      CaseLink: {
        OWN_ORG: { id: ownLink.id, viaCase: ownLink.case_id },
        OTHER_ORG: { id: otherLink.id, viaCase: otherLink.case_id },
        FOREIGN_SHARED: { id: sharedLink.id, viaCase: sharedLink.case_id },
        FOREIGN_UNSHARED: { id: unsharedLink.id, viaCase: unsharedLink.case_id },
        OWN_MISSING: { id: missing('CaseLink') },
        FOREIGN_MISSING: { id: missing('CaseLink') },
      },
    };
  } finally {
    db.close();
  }
}
