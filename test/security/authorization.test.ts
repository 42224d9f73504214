import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tokenFor } from '../support/auth';
import { errorCodes, postGraphql } from '../support/graphql';
import {
  type RunningProcess,
  type SmallNetwork,
  startFinlandBehindGateway,
  tempDir,
} from '../support/services';

const STATISTICS = `{ _entities(representations: [{ __typename: "Country", code: "FI" }]) { ... on Country { statistics(year: 2023) { value } } } }`;

/** Who may see what in Finland, decided by Finland (subgraphs/national/src/policy/accessPolicy.ts). */
describe("Finland's access policy", () => {
  const dir = tempDir('authz');
  let small: SmallNetwork;
  let finland: RunningProcess;
  let gateway: RunningProcess;
  let url: string;
  let caseId: string;
  let auditor: string;

  beforeAll(async () => {
    small = await startFinlandBehindGateway(dir);
    ({ finland, gateway } = small);
    url = `${finland.url}/graphql`;
    const page = await postGraphql(url, '{ cases(first: 1) { nodes { id } } }');
    caseId = (page.data?.cases as any[])[0].nodes[0].id;
    auditor = await tokenFor({ country: 'FI', roles: ['AUDITOR'], subject: 'fi-dpo-authz' });
  });

  afterAll(async () => {
    await small?.stop();
  });

  async function deniedEventsOf(subject: string): Promise<any[]> {
    const response = await postGraphql(
      url,
      '{ auditEvents(country: FI, outcome: DENIED, first: 100) { nodes { actorId entityType reason outcome } } }',
      undefined,
      { token: auditor },
    );
    return ((response.data?.auditEvents as any).nodes as any[]).filter((e) => e.actorId === subject);
  }

  it('an analyst sees suppressed statistics but no case, referral or link — by id, by page, by entity reference or through the gateway', async () => {
    const analyst = await tokenFor({ country: 'FI', roles: ['ANALYST'], subject: 'fi-analyst-authz' });
    const statistics = await postGraphql(url, STATISTICS, undefined, { token: analyst, purpose: null });
    expect(statistics.errors).toBeUndefined();
    const attempts: [string, string][] = [
      [url, `{ case(id: "${caseId}") { id status } }`],
      [url, '{ cases(first: 5) { nodes { id } } }'],
      [
        url,
        `{ _entities(representations: [{ __typename: "Case", id: "${caseId}" }]) { ... on Case { id subject { sex } } } }`,
      ],
      [url, '{ referrals(direction: OUTGOING) { id } }'],
      [`${finland.url}/crossborder/graphql`, '{ caseLinks { id } }'],
      [`${gateway.url}/graphql`, `{ case(id: "${caseId}") { id events { country } } }`],
      [`${gateway.url}/graphql`, '{ cases(first: 5) { country nodes { id } } }'],
    ];
    for (const [target, query] of attempts) {
      const response = await postGraphql(target, query, undefined, { token: analyst });
      expect({ query, codes: errorCodes(response) }).toEqual({ query, codes: ['FORBIDDEN'] });
      expect(response.errors?.[0]?.message).toMatch(
        /may not read person-level records of FI; analysts and dashboards see statistics only/,
      );
      expect(JSON.stringify(response.data ?? null)).not.toMatch(/FI:Case:/);
    }
    const denied = await deniedEventsOf('fi-analyst-authz');
    expect(denied.length).toBeGreaterThanOrEqual(attempts.length);
    expect(denied.every((e) => e.reason === 'FORBIDDEN')).toBe(true);
  });

  it('a person-level read needs a declared purpose that the role may use', async () => {
    const coordinator = await tokenFor({
      country: 'FI',
      roles: ['NATIONAL_COORDINATOR'],
      subject: 'fi-coordinator-authz',
    });
    const missing = await postGraphql(url, `{ case(id: "${caseId}") { id } }`, undefined, {
      token: coordinator,
      purpose: null,
    });
    expect(errorCodes(missing)).toEqual(['PURPOSE_REQUIRED']);
    expect(missing.errors?.[0]?.message).toMatch(
      /x-purpose header \(one of VICTIM_ASSISTANCE_CONTINUITY, CROSS_BORDER_REFERRAL, DUPLICATE_CHECK\)/,
    );
    const wrong = await postGraphql(url, `{ case(id: "${caseId}") { id } }`, undefined, {
      token: coordinator,
      purpose: 'CRIMINAL_INVESTIGATION_SUPPORT',
    });
    expect(errorCodes(wrong)).toEqual(['PURPOSE_NOT_ALLOWED']);
    const right = await postGraphql(url, `{ case(id: "${caseId}") { id } }`, undefined, {
      token: coordinator,
      purpose: 'DUPLICATE_CHECK',
    });
    expect(right.data?.case).toEqual({ id: caseId });
    expect((await deniedEventsOf('fi-coordinator-authz')).map((e) => e.reason).sort()).toEqual([
      'PURPOSE_NOT_ALLOWED',
      'PURPOSE_REQUIRED',
    ]);
  });

  it("perpetrator summaries are for Finland's police liaisons only", async () => {
    // A case flagged for criminal investigation: the cases a police liaison reads.
    const db = new Database(join(dir, 'fi.sqlite'), { readonly: true });
    const investigated = (
      db
        .prepare('SELECT id FROM cases WHERE criminal_investigation_opened = 1 ORDER BY seq DESC LIMIT 1')
        .get() as { id: string }
    ).id;
    db.close();
    const query = `{ case(id: "${investigated}") { id perpetratorSummary { count roles } } }`;
    const police = await tokenFor({ country: 'FI', roles: ['POLICE_LIAISON'], subject: 'fi-police-authz' });
    const allowed = await postGraphql(url, query, undefined, {
      token: police,
      purpose: 'CRIMINAL_INVESTIGATION_SUPPORT',
    });
    expect(allowed.errors).toBeUndefined();
    const coordinator = await postGraphql(url, query);
    expect(errorCodes(coordinator)).toEqual(['FORBIDDEN']);
    expect(coordinator.errors?.[0]?.message).toMatch(/Case.perpetratorSummary: police information/);
    expect((coordinator.errors?.[0] as any).path).toEqual(['case', 'perpetratorSummary']);
    const swedishPolice = await tokenFor({
      country: 'SE',
      roles: ['POLICE_LIAISON'],
      subject: 'se-police-authz',
    });
    const foreign = await postGraphql(url, query, undefined, {
      token: swedishPolice,
      purpose: 'CRIMINAL_INVESTIGATION_SUPPORT',
    });
    expect(errorCodes(foreign)).toEqual(['FORBIDDEN']);
    expect(foreign.errors?.[0]?.message).toMatch(/from SE/);
  });

  it("lets Finland's national rapporteur (the Non-Discrimination Ombudsman, with access rights in Finnish law) read Finnish cases", async () => {
    const rapporteur = await tokenFor({
      country: 'FI',
      roles: ['NATIONAL_RAPPORTEUR'],
      subject: 'fi-rapporteur',
    });
    const answer = await postGraphql(url, `{ case(id: "${caseId}") { id } }`, undefined, {
      token: rapporteur,
      purpose: 'INDEPENDENT_MONITORING',
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.case).toEqual({ id: caseId });
  });

  it("another country's caseworker or rapporteur reads no Finnish case; the linkage service reads no statistics", async () => {
    for (const [role, purpose] of [
      ['ASSISTANCE_CASEWORKER', 'VICTIM_ASSISTANCE_CONTINUITY'],
      ['NATIONAL_RAPPORTEUR', 'INDEPENDENT_MONITORING'],
    ] as const) {
      const token = await tokenFor({ country: 'NO', roles: [role] });
      const response = await postGraphql(url, `{ case(id: "${caseId}") { id } }`, undefined, {
        token,
        purpose,
      });
      expect({ role, codes: errorCodes(response) }).toEqual({ role, codes: ['FORBIDDEN'] });
    }
    const linkage = await tokenFor({ country: 'FI', roles: ['LINKAGE_SERVICE'] });
    const statistics = await postGraphql(url, STATISTICS, undefined, { token: linkage });
    expect(errorCodes(statistics)).toEqual(['FORBIDDEN']);
  });

  it('a Swedish coordinator reads a Finnish case only when a referral or link shares it with Sweden, and then only its summary', async () => {
    const fiCrossborder = `${finland.url}/crossborder/graphql`;
    const viaGateway = `${gateway.url}/graphql`;
    // Finland's own view: which cases it shares with Sweden, and one it shares with nobody abroad.
    const linked = await postGraphql(fiCrossborder, '{ caseLinks(with: [SE]) { id caseA { id } } }');
    const sentToSweden = await postGraphql(
      url,
      '{ referrals(direction: OUTGOING, counterpart: SE) { id status case { id } } }',
    );
    const toNorway = await postGraphql(url, '{ referrals(direction: OUTGOING, counterpart: NO) { id } }');
    const norwayReferral = (toNorway.data?.referrals as any[])[0].id as string;
    const linkedCase = (linked.data?.caseLinks as any[])[0].caseA.id as string;
    const referrals = sentToSweden.data?.referrals as any[];
    const acceptedCase = referrals.find((r) => r.status === 'ACCEPTED').case.id as string;
    const unshared = (
      (await postGraphql(url, '{ cases(first: 50, filter: { crossBorder: false }) { nodes { id } } }')).data
        ?.cases as any[]
    )[0].nodes
      .map((n: any) => n.id as string)
      .find((id: string) => !referrals.some((r) => r.case.id === id));
    const swede = await tokenFor({
      country: 'SE',
      roles: ['NATIONAL_COORDINATOR'],
      subject: 'se-coordinator-authz',
    });
    const as = (target: string, query: string) => postGraphql(target, query, undefined, { token: swede });

    const summary =
      'id country openedMonth status subject { sex ageBandAtIdentification citizenship } exploitations { form country } events { type country month }';
    for (const id of [linkedCase, acceptedCase]) {
      const shared = await as(viaGateway, `{ case(id: "${id}") { ${summary} } }`);
      expect({ id, errors: shared.errors }).toEqual({ id, errors: undefined });
      expect((shared.data?.case as any).id).toBe(id);
    }

    const refusals: [string, string, RegExp][] = [
      [url, `{ case(id: "${unshared}") { id } }`, /is not shared with SE/],
      [viaGateway, `{ case(id: "${unshared}") { id status } }`, /is not shared with SE/],
      [
        url,
        `{ _entities(representations: [{ __typename: "Case", id: "${unshared}" }]) { ... on Case { id } } }`,
        /is not shared with SE/,
      ],
      [url, '{ cases(first: 5) { nodes { id } } }', /browsing FI's records is for FI's own users/],
      [viaGateway, '{ cases(countries: [FI]) { nodes { id } } }', /browsing FI's records/],
      [
        viaGateway,
        `{ case(id: "${linkedCase}") { id indicators { indicator } } }`,
        /Case.indicators: not shared across borders/,
      ],
      [
        viaGateway,
        `{ case(id: "${acceptedCase}") { id subject { migrationStatus } } }`,
        /VictimProfile.migrationStatus/,
      ],
      [url, `{ referral(id: "${norwayReferral}") { id } }`, /readable only by the country it was sent to/],
      [url, '{ referrals(direction: INCOMING, counterpart: NO) { id } }', /not those to NO/],
      [
        url,
        `{ referral(id: "${referrals[0].id}") { id case { id } } }`,
        /Referral.case: not shared across borders/,
      ],
      [fiCrossborder, '{ caseLinks(with: [NO]) { id } }', /not those to NO/],
    ];
    for (const [target, query, message] of refusals) {
      const response = await as(target, query);
      expect({ query, codes: errorCodes(response) }).toEqual({ query, codes: ['FORBIDDEN'] });
      expect(response.errors?.[0]?.message).toMatch(message);
      // Nothing unshared comes back; a refused field of a shared case is null.
      const data = JSON.stringify(response.data ?? null);
      expect([unshared, norwayReferral].filter((id) => data.includes(id))).toEqual([]);
      expect(data).not.toMatch(/"indicators":\[|"migrationStatus":"|"referral":\{/);
    }
    // What Sweden may see of Finland's links and referrals: only those that concern Sweden.
    const own = await as(fiCrossborder, `{ caseLinks { caseB { id } } }`);
    expect(own.errors).toBeUndefined();
    expect((own.data?.caseLinks as any[]).every((l) => l.caseB.id.startsWith('SE:'))).toBe(true);
    const inbox = await as(
      url,
      '{ referrals(direction: INCOMING, counterpart: SE) { toCountry sharedPayload { needs } } }',
    );
    expect(inbox.errors).toBeUndefined();
    expect((inbox.data?.referrals as any[]).length).toBe(referrals.length);

    const denied = await deniedEventsOf('se-coordinator-authz');
    expect(denied.length).toBeGreaterThanOrEqual(refusals.length);
    expect(denied.every((e) => e.reason === 'FORBIDDEN')).toBe(true);
    expect(new Set(denied.map((e) => e.entityType))).toEqual(
      new Set([
        'Case',
        'Query.cases',
        'Case.indicators',
        'VictimProfile.migrationStatus',
        'Referral',
        'Query.referrals',
        'Referral.case',
        'Query.caseLinks',
      ]),
    );
  });
});
