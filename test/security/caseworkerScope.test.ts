import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ASSISTANCE_ORGANISATIONS } from '../../subgraphs/national/src/seed/assistanceOrganisations';
import { coordinatorOf, tokenFor } from '../support/auth';
import { errorCodes, postGraphql } from '../support/graphql';
import { type RunningProcess, startNational, tempDir } from '../support/services';

const NSP = 'SE:Organisation:nsp';
const REGIONAL = 'SE:Organisation:regional-coordinators';
const CASES = '{ cases(first: 100) { totalCount nodes { id } } }';

/**
 * DOMAIN §4.2: an assistance caseworker sees the cases of their own organisation (the token's `org`),
 * not the whole country's; coordinators, police liaisons and rapporteurs see the country's.
 */
describe("an assistance caseworker's view of their country's cases", () => {
  const dir = tempDir('caseworker');
  const file = join(dir, 'se.sqlite');
  let sweden: RunningProcess;
  let url: string;
  /** Case ids by responsible organisation, read from Sweden's store. */
  const byOrganisation = new Map<string | null, string[]>();

  beforeAll(async () => {
    sweden = await startNational({ country: 'SE', database: `sqlite:${file}` });
    url = `${sweden.url}/graphql`;
    const db = new Database(file, { readonly: true });
    for (const row of db.prepare('SELECT id, responsible_org_id AS org FROM cases').all() as {
      id: string;
      org: string | null;
    }[])
      byOrganisation.set(row.org, [...(byOrganisation.get(row.org) ?? []), row.id]);
    db.close();
  });
  afterAll(() => sweden?.stop());

  const caseworker = (organisation?: string, extraRoles: string[] = []) =>
    tokenFor({
      country: 'SE',
      roles: ['ASSISTANCE_CASEWORKER', ...(extraRoles as 'NATIONAL_COORDINATOR'[])],
      subject: `se-caseworker-${organisation ?? 'none'}`,
      ...(organisation ? { organisation } : {}),
    });

  it('spreads the synthetic cases over the assistance organisations of the directory', () => {
    expect(byOrganisation.get(NSP)?.length).toBeGreaterThan(0);
    expect(byOrganisation.get(REGIONAL)?.length).toBeGreaterThan(0);
    const directory = JSON.parse(
      readFileSync(join(__dirname, '../../subgraphs/network/data/directory.json'), 'utf8'),
    ) as { organisations: { id: string; country: string }[] };
    for (const [country, organisations] of Object.entries(ASSISTANCE_ORGANISATIONS)) {
      for (const id of organisations) {
        expect(directory.organisations.find((o) => o.id === id)).toMatchObject({ id, country });
      }
    }
  });

  it('browses only the cases of their organisation, and counts only those', async () => {
    const answer = await postGraphql(url, CASES, undefined, { token: await caseworker(NSP) });
    expect(answer.errors).toBeUndefined();
    const page = (answer.data?.cases as any[])[0];
    expect(page.totalCount).toBe(byOrganisation.get(NSP)?.length);
    const own = new Set(byOrganisation.get(NSP));
    expect(page.nodes.length).toBeGreaterThan(0);
    expect(page.nodes.filter((n: { id: string }) => !own.has(n.id))).toEqual([]);
  });

  it("lists only the referrals sent from their organisation's cases", async () => {
    const db = new Database(file, { readonly: true });
    const own = (
      db
        .prepare(
          'SELECT r.id FROM referrals r JOIN cases c ON c.seq = r.case_seq WHERE c.responsible_org_id = ? ORDER BY r.id',
        )
        .all(NSP) as { id: string }[]
    ).map((r) => r.id);
    const all = (db.prepare('SELECT count(*) AS n FROM referrals').get() as { n: number }).n;
    db.close();
    expect(own.length).toBeGreaterThan(0);
    expect(own.length).toBeLessThan(all);
    const answer = await postGraphql(url, '{ referrals(direction: OUTGOING) { id } }', undefined, {
      token: await caseworker(NSP),
    });
    expect(answer.errors).toBeUndefined();
    expect((answer.data?.referrals as { id: string }[]).map((r) => r.id).sort()).toEqual(own);
  });

  it("lists only the case links of their organisation's cases", async () => {
    const db = new Database(file, { readonly: true });
    const own = (
      db
        .prepare(
          "SELECT l.id FROM case_links l JOIN cases c ON c.seq = l.case_seq WHERE l.owned = 1 AND l.confirmed_by LIKE '%,%' AND c.responsible_org_id = ? ORDER BY l.id",
        )
        .all(NSP) as { id: string }[]
    ).map((r) => r.id);
    const all = (
      db
        .prepare("SELECT count(*) AS n FROM case_links WHERE owned = 1 AND confirmed_by LIKE '%,%'")
        .get() as {
        n: number;
      }
    ).n;
    db.close();
    expect(own.length).toBeGreaterThan(0);
    expect(own.length).toBeLessThan(all);
    const answer = await postGraphql(`${sweden.url}/crossborder/graphql`, '{ caseLinks { id } }', undefined, {
      token: await caseworker(NSP),
    });
    expect(answer.errors).toBeUndefined();
    expect((answer.data?.caseLinks as { id: string }[]).map((l) => l.id).sort()).toEqual(own);
  });

  it("reads another organisation's case neither by id nor as an entity: the same answer as for no case", async () => {
    const token = await caseworker(NSP);
    const other = (byOrganisation.get(REGIONAL) as string[])[0] as string;
    const missing = 'SE:Case:1999-999999';
    const [byId, none] = await Promise.all(
      [other, missing].map((id) => postGraphql(url, `{ case(id: "${id}") { id } }`, undefined, { token })),
    );
    expect(byId.data?.case).toBeNull();
    expect({ errors: errorCodes(byId), data: byId.data }).toEqual({
      errors: errorCodes(none),
      data: none.data,
    });
    const entities = await postGraphql(
      url,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id } } }',
      { r: [other, (byOrganisation.get(NSP) as string[])[0]].map((id) => ({ __typename: 'Case', id })) },
      { token },
    );
    expect((entities.data?._entities as any[])[0]).toBeNull();
    expect((entities.data?._entities as any[])[1]).toEqual({ id: (byOrganisation.get(NSP) as string[])[0] });
  });

  it("lets a coordinator assign a case to an organisation, after which that organisation's caseworkers see it", async () => {
    const ASSIGN = `mutation($caseId: ID!, $org: ID!, $key: String!) {
      assignCase(caseId: $caseId, organisationId: $org, idempotencyKey: $key) { id responsibleOrganisation { id } }
    }`;
    const caseId = (byOrganisation.get(REGIONAL) as string[])[1] as string;
    const nsp = await caseworker(NSP);
    const read = () => postGraphql(url, `{ case(id: "${caseId}") { id } }`, undefined, { token: nsp });
    expect((await read()).data?.case).toBeNull();
    const coordinator = await coordinatorOf('SE');
    const key = 'assign-test-0001';
    const assigned = await postGraphql(url, ASSIGN, { caseId, org: NSP, key }, { token: coordinator });
    expect(assigned.errors).toBeUndefined();
    expect(assigned.data?.assignCase).toEqual({ id: caseId, responsibleOrganisation: { id: NSP } });
    expect((await read()).data?.case).toEqual({ id: caseId });
    // A retry with the same key answers the same; the key with another organisation is refused.
    expect((await postGraphql(url, ASSIGN, { caseId, org: NSP, key }, { token: coordinator })).data).toEqual(
      assigned.data,
    );
    const reused = await postGraphql(url, ASSIGN, { caseId, org: REGIONAL, key }, { token: coordinator });
    expect(errorCodes(reused)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    // Only coordinators assign, and only to an organisation of their own country.
    const byCaseworker = await postGraphql(
      url,
      ASSIGN,
      { caseId, org: NSP, key: 'assign-test-0002' },
      { token: nsp },
    );
    expect(errorCodes(byCaseworker)).toEqual(['FORBIDDEN']);
    const foreignOrg = await postGraphql(
      url,
      ASSIGN,
      { caseId, org: 'FI:Organisation:nas', key: 'assign-test-0003' },
      { token: coordinator },
    );
    expect(errorCodes(foreignOrg)).toEqual(['BAD_USER_INPUT']);
    // Recorded in Sweden's audit log.
    const db = new Database(file, { readonly: true });
    const events = db
      .prepare(
        "SELECT e.outcome FROM audit_events e JOIN audit_event_entities x ON x.audit_seq = e.seq WHERE e.action = 'ASSIGN_CASE' AND x.entity_id = ?",
      )
      .all(caseId) as { outcome: string }[];
    db.close();
    expect(events.map((e) => e.outcome)).toContain('ALLOWED');
    expect(events.map((e) => e.outcome)).toContain('DENIED');
    // Put back, so the other tests see the seeded spread.
    await postGraphql(
      url,
      ASSIGN,
      { caseId, org: REGIONAL, key: 'assign-test-0004' },
      { token: coordinator },
    );
  });

  it('refuses a caseworker whose token names no organisation, saying which claim is missing', async () => {
    const answer = await postGraphql(url, CASES, undefined, { token: await caseworker() });
    expect(errorCodes(answer)).toEqual(['FORBIDDEN']);
    expect(answer.errors?.[0]?.message).toMatch(/claim "org"/);
  });

  it('shows a police liaison the cases flagged for criminal investigation, and a police caseworker both sets', async () => {
    const db = new Database(file, { readonly: true });
    const count = (where: string) =>
      (db.prepare(`SELECT count(*) AS n FROM cases WHERE ${where}`).get() as { n: number }).n;
    const investigated = count('criminal_investigation_opened = 1');
    const either = count(`criminal_investigation_opened = 1 OR responsible_org_id = '${NSP}'`);
    const notInvestigated = (
      db.prepare('SELECT id FROM cases WHERE criminal_investigation_opened IS NOT 1 LIMIT 1').get() as {
        id: string;
      }
    ).id;
    db.close();
    expect(investigated).toBeGreaterThan(0);
    const police = await tokenFor({ country: 'SE', roles: ['POLICE_LIAISON'], subject: 'se-police-scope' });
    const purpose = 'CRIMINAL_INVESTIGATION_SUPPORT';
    const browsed = await postGraphql(url, CASES, undefined, { token: police, purpose });
    expect((browsed.data?.cases as any[])[0].totalCount).toBe(investigated);
    const other = await postGraphql(url, `{ case(id: "${notInvestigated}") { id } }`, undefined, {
      token: police,
      purpose,
    });
    expect(other.data?.case).toBeNull();
    const both = await tokenFor({
      country: 'SE',
      roles: ['POLICE_LIAISON', 'ASSISTANCE_CASEWORKER'],
      organisation: NSP,
      subject: 'se-police-caseworker',
    });
    const union = await postGraphql(url, CASES, undefined, {
      token: both,
      purpose: 'VICTIM_ASSISTANCE_CONTINUITY',
    });
    expect((union.data?.cases as any[])[0].totalCount).toBe(either);
  });

  it("keeps person-level records from Sweden's national rapporteur, whom Swedish law gives none (the default outside Finland)", async () => {
    const rapporteur = await tokenFor({
      country: 'SE',
      roles: ['NATIONAL_RAPPORTEUR'],
      subject: 'se-rapporteur',
    });
    const answer = await postGraphql(url, CASES, undefined, {
      token: rapporteur,
      purpose: 'INDEPENDENT_MONITORING',
    });
    expect(errorCodes(answer)).toEqual(['FORBIDDEN']);
    expect(answer.errors?.[0]?.message).toMatch(/RAPPORTEUR_CASE_ACCESS=false/);
    const statistics = await postGraphql(
      url,
      '{ _entities(representations: [{ __typename: "Country", code: "SE" }]) { ... on Country { statistics(year: 2023) { value } } } }',
      undefined,
      { token: rapporteur },
    );
    expect(statistics.errors).toBeUndefined();
  });

  it("lets a coordinator, or a caseworker who is also a coordinator, browse the whole country's cases", async () => {
    const all = [...byOrganisation.values()].reduce((n, ids) => n + ids.length, 0);
    for (const token of [await coordinatorOf('SE'), await caseworker(NSP, ['NATIONAL_COORDINATOR'])]) {
      const answer = await postGraphql(url, CASES, undefined, { token });
      expect((answer.data?.cases as any[])[0].totalCount).toBe(all);
    }
  });
});
