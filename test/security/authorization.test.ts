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
    const query = `{ case(id: "${caseId}") { id perpetratorSummary { count roles } } }`;
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
});
