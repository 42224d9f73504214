import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type GraphqlResponse, countryFailures, errorCodes, postGraphql } from '../support/graphql';
import { type Backend, COUNTRIES, NordicNetwork } from '../support/nordicNetwork';

/*
 * Joining is configuration, not code (issue 14.5): Estonia joins the five as a sixth member by being
 * registered (the registry's NETWORK_MEMBERS_FILE), given a national service, an issuer and its key set
 * (AUTH_ISSUERS, AUTH_ISSUER_JWKS), service keys (SERVICE_JWKS_FILE, SERVICE_KEYS_JWKS), and a line in
 * the gateway's configuration — the built contract, services and gateway are the five's. Then it does
 * cross-border work like any member, is held to the same rules, and a country not configured is refused.
 */

const MEMBERS = [...COUNTRIES, 'EE'];
const MEMBERS_FILE = join(__dirname, 'fixtures', 'estonia-members.json');
const EE_ORGANISATION = 'EE:Organisation:victim-support';

const REFERRAL = 'id fromCountry toCountry status destinationCase { id }';
const CREATE = `mutation Create($caseId: ID!, $request: ReferralRequest!, $key: String!) {
  createReferral(caseId: $caseId, request: $request, idempotencyKey: $key) { ${REFERRAL} }
}`;
const RESPOND = `mutation Respond($id: ID!, $decision: ReferralDecision!, $key: String!) {
  respondToReferral(id: $id, decision: $decision, idempotencyKey: $key) { ${REFERRAL} }
}`;
const PROPOSE = `mutation($a: ID!, $b: ID!, $key: String!) {
  proposeCaseLink(caseId: $a, otherCaseId: $b, basis: MANUAL, idempotencyKey: $key) { id confirmedBy }
}`;
const CONFIRM = `mutation($id: ID!, $key: String!) { confirmCaseLink(id: $id, idempotencyKey: $key) { id confirmedBy } }`;

/** Codes that leave a write's outcome unknown on a loaded host: retried with the same key, as a user would. */
const OUTCOME_UNKNOWN = ['CROSS_BORDER_UNAVAILABLE', 'COUNTRY_TIMEOUT'];

const backends: Backend[] = ['sqlite', 'postgres'];

describe.each(backends)('a sixth member joining by configuration (%s)', (backend) => {
  const network = new NordicNetwork({
    backend,
    members: MEMBERS,
    networkEnv: { NETWORK_MEMBERS_FILE: MEMBERS_FILE },
    databasePrefix: 'nordic_sixth',
  });
  const coordinator = (country: string) =>
    network.tokenFor({
      country,
      roles: ['NATIONAL_COORDINATOR'],
      subject: `${country.toLowerCase()}-coordinator-sixth`,
      ttlSeconds: 3600,
    });
  let fi: string;
  let ee: string;
  let finnishCases: string[];

  beforeAll(async () => {
    await network.start();
    [fi, ee] = await Promise.all([coordinator('FI'), coordinator('EE')]);
    // Set-up: a read retried while Finland's answer is late on a loaded host, as a user would.
    const query = '{ cases(countries: [FI], first: 5, filter: { status: [ACTIVE] }) { nodes { id } } }';
    let page = await as(fi, query);
    for (let attempt = 1; attempt < 3 && OUTCOME_UNKNOWN.includes(String(errorCodes(page)[0])); attempt++)
      page = await as(fi, query);
    expect(page.errors).toBeUndefined();
    finnishCases = (page.data?.cases as any[])[0].nodes.map((n: any) => n.id);
  }, 240_000);
  afterAll(() => network.stop());

  const as = (token: string, query: string, variables?: Record<string, unknown>, purpose?: string) =>
    postGraphql(network.gatewayUrl, query, variables, { token, purpose });

  /** A write retried with the same variables (its idempotency key included) while its outcome is unknown. */
  async function write(
    token: string,
    query: string,
    variables: Record<string, unknown>,
    purpose: string,
  ): Promise<GraphqlResponse> {
    let answer = await as(token, query, variables, purpose);
    for (let attempt = 1; attempt < 3 && OUTCOME_UNKNOWN.includes(String(errorCodes(answer)[0])); attempt++)
      answer = await as(token, query, variables, purpose);
    return answer;
  }

  it('scatters cases and statistics to all six members, Estonia included, and the registry lists it', async () => {
    // Every member is asked: Finland answers with its page, each other member (Estonia too) refuses
    // browsing to a foreign user, as the contract says.
    const cases = await as(fi, '{ cases(first: 1) { country totalCount } }');
    expect((cases.data?.cases as any[]).map((p) => p.country)).toEqual(['FI']);
    const refusals = countryFailures(cases).sort((a, b) => MEMBERS.indexOf(a[1]) - MEMBERS.indexOf(b[1]));
    expect(refusals).toEqual(MEMBERS.filter((c) => c !== 'FI').map((c) => ['FORBIDDEN', c]));
    const own = await as(ee, '{ cases(countries: [EE]) { country totalCount } }');
    expect(own.errors).toBeUndefined();
    expect(own.data?.cases).toEqual([{ country: 'EE', totalCount: expect.any(Number) }]);
    const countries = await as(fi, '{ countries { code connected statistics(year: 2023) { value } } }');
    // Only the directory entries that run no national service (AX, FO, GL) are left out.
    expect(countryFailures(countries)).toEqual([]);
    const estonia = (countries.data?.countries as any[]).find((c) => c.code === 'EE');
    expect(estonia).toMatchObject({ connected: true, statistics: expect.any(Array) });
    const answered = (countries.data?.countries as any[])
      .filter((c) => c.statistics !== null)
      .map((c) => c.code);
    expect(answered).toEqual(MEMBERS);
    const directory = await as(fi, '{ organisations(country: EE) { id } }');
    expect((directory.data?.organisations as any[]).map((o) => o.id)).toContain(EE_ORGANISATION);
  });

  it('sends a referral from Finland to Estonia, accepted by an Estonian caseworker, opens the case in Estonia, and links it', async () => {
    const request = {
      toCountry: 'EE',
      toOrganisationId: EE_ORGANISATION,
      reason: 'MIGRATION_OR_CHANGE_OF_LOCATION',
      urgency: 'URGENT',
      needs: ['SAFE_ACCOMMODATION'],
      legalBasis: 'GDPR_6_1_E',
      consentRecorded: true,
    };
    const created = await write(
      fi,
      CREATE,
      { caseId: finnishCases[0], request, key: randomUUID() },
      'CROSS_BORDER_REFERRAL',
    );
    expect(created.errors).toBeUndefined();
    const referral = created.data?.createReferral as any;
    expect(referral).toMatchObject({ fromCountry: 'FI', toCountry: 'EE', status: 'SENT' });

    const caseworker = await network.tokenFor({
      country: 'EE',
      roles: ['ASSISTANCE_CASEWORKER'],
      subject: 'ee-caseworker-sixth',
      organisation: EE_ORGANISATION,
    });
    const accepted = await write(
      caseworker,
      RESPOND,
      { id: referral.id, decision: 'ACCEPT', key: randomUUID() },
      'CROSS_BORDER_REFERRAL',
    );
    expect(accepted.errors).toBeUndefined();
    const destination = (accepted.data?.respondToReferral as any).destinationCase?.id as string;
    expect(destination).toMatch(/^EE:Case:/);
    const opened = await as(
      caseworker,
      `{ case(id: "${destination}") { id status responsibleOrganisation { id } } }`,
      undefined,
      'CROSS_BORDER_REFERRAL',
    );
    expect(opened.errors).toBeUndefined();
    expect(opened.data?.case).toEqual({
      id: destination,
      status: 'ACTIVE',
      responsibleOrganisation: { id: EE_ORGANISATION },
    });
    expect(
      await network.sql('EE', 'SELECT id FROM cases WHERE origin_referral_id = $1', [referral.id]),
    ).toEqual([{ id: destination }]);

    const proposed = await write(
      fi,
      PROPOSE,
      { a: finnishCases[1], b: destination, key: randomUUID() },
      'VICTIM_ASSISTANCE_CONTINUITY',
    );
    expect(proposed.errors).toBeUndefined();
    const link = proposed.data?.proposeCaseLink as any;
    expect(link.confirmedBy).toEqual(['FI']);
    const confirmed = await write(
      ee,
      CONFIRM,
      { id: link.id, key: randomUUID() },
      'VICTIM_ASSISTANCE_CONTINUITY',
    );
    expect(confirmed.errors).toBeUndefined();
    expect(confirmed.data?.confirmCaseLink).toEqual({ id: link.id, confirmedBy: ['FI', 'EE'] });
  });

  it("refuses an Estonian token at Finland's service for person-level reads, as any foreign token", async () => {
    const finland = network.countries.get('FI')?.process.url as string;
    const read = (token: string) =>
      postGraphql(`${finland}/graphql`, `{ case(id: "${finnishCases[2]}") { id } }`, undefined, {
        token,
        purpose: 'CROSS_BORDER_REFERRAL',
      });
    const [estonian, swedish] = await Promise.all([read(ee), read(await coordinator('SE'))]);
    expect(errorCodes(swedish)).toEqual(['FORBIDDEN']);
    expect(errorCodes(estonian)).toEqual(errorCodes(swedish));
    expect(estonian.data?.case ?? null).toBeNull();
  });

  it('refuses a country that is not configured (LV), naming it, and a refused referral writes nothing', async () => {
    const count = async () => (await network.sql('FI', 'SELECT COUNT(*) AS n FROM referrals'))[0]?.n;
    const before = await count();
    const cases = await as(fi, '{ cases(countries: [LV]) { country totalCount } }');
    expect(errorCodes(cases)).toEqual(['COUNTRY_NOT_CONNECTED']);
    expect(cases.errors?.[0]?.message).toMatch(/LV is not a country connected to this network/);
    const byId = await as(fi, '{ case(id: "LV:Case:2025-000001") { id } }');
    expect(errorCodes(byId)).toEqual(['COUNTRY_NOT_CONNECTED']);
    const referral = await as(
      fi,
      CREATE,
      {
        caseId: finnishCases[3],
        request: {
          toCountry: 'LV',
          reason: 'MIGRATION_OR_CHANGE_OF_LOCATION',
          urgency: 'URGENT',
          needs: ['SAFE_ACCOMMODATION'],
          legalBasis: 'GDPR_6_1_E',
          consentRecorded: true,
        },
        key: randomUUID(),
      },
      'CROSS_BORDER_REFERRAL',
    );
    expect(errorCodes(referral)).toEqual(['BAD_USER_INPUT']);
    expect(referral.errors?.[0]?.message).toMatch(
      /request\.toCountry must be another member country of the network \(SE, NO, DK, IS, EE\), got LV/,
    );
    expect(await count()).toEqual(before);
  });
});
