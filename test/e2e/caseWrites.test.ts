import { randomUUID } from 'node:crypto';
import { coordinatorOf } from '../support/auth';
import { errorCodes, postGraphql } from '../support/graphql';
import { type Backend, NordicNetwork } from '../support/nordicNetwork';

/*
 * Registering and updating cases through the gateway with the five countries running: the partition
 * router takes a registration to the country it names and an update to the owner of the id, and only
 * that country's own users may write; a registered identity is found by person matching from another
 * country.
 */

const REGISTER = `mutation Register($country: CountryCode!, $input: CaseInput!, $identity: PersonIdentityInput, $key: String!) {
  registerCase(country: $country, input: $input, identity: $identity, idempotencyKey: $key) { id version country }
}`;
const UPDATE = `mutation Update($id: ID!, $version: Int!, $input: CaseInput!, $key: String!) {
  updateCase(id: $id, expectedVersion: $version, input: $input, idempotencyKey: $key) { id version status }
}`;
const MATCH = `mutation Match($caseId: ID!, $justification: String!) {
  matchPerson(caseId: $caseId, justification: $justification) { country hasRecord }
}`;

const year = new Date().getUTCFullYear();
const input = (exploitedIn: string, extra: Record<string, unknown> = {}) => ({
  registeringOrgType: 'NATIONAL_COORDINATOR',
  openedMonth: `${year}-01`,
  status: 'ACTIVE',
  sex: 'MALE',
  ageBand: 'A30_38',
  citizenship: ['MD'],
  identification: { status: 'PRESUMED', decidedByOrgType: 'NGO', decidedMonth: `${year}-01` },
  exploitations: [{ form: 'FORCED_LABOUR_OR_SERVICES', country: exploitedIn, industry: 'A' }],
  ...extra,
});
/** A person no seeded case has: a name and document of this test only. */
const person = {
  familyName: 'Ceban-Writetest',
  givenNames: 'Ion Registered',
  birthYearMonth: `${year - 33}-04`,
  travelDocumentNumber: `MDW${Date.now() % 10_000_000}`,
};

describe.each<Backend>(['sqlite', 'postgres'])('case writes through the gateway (%s)', (backend) => {
  const network = new NordicNetwork({ backend, databasePrefix: 'case_writes_e2e' });
  let fi: string;
  let se: string;

  beforeAll(async () => {
    await network.start();
    [fi, se] = await Promise.all([coordinatorOf('FI'), coordinatorOf('SE')]);
  }, 240_000);
  afterAll(() => network.stop());

  const UNKNOWN = ['CROSS_BORDER_UNAVAILABLE', 'COUNTRY_TIMEOUT'];
  /**
   * A request, retried unchanged (same idempotency key) while its outcome is unknown because the
   * gateway or a country gave up waiting on a loaded host, as a user would; the key makes a retried
   * write write nothing twice.
   */
  async function as(token: string, query: string, variables: Record<string, unknown>, purpose?: string) {
    for (let attempt = 1; ; attempt += 1) {
      const answer = await postGraphql(network.gatewayUrl, query, variables, { token, purpose });
      if (attempt === 5 || !errorCodes(answer).some((c) => UNKNOWN.includes(c ?? ''))) return answer;
    }
  }
  const registerCase = (token: string, variables: Record<string, unknown>) =>
    as(token, REGISTER, { ...variables, key: randomUUID() });

  it('registers in the named country and updates through the owner of the id; other countries are refused', async () => {
    const registered = await registerCase(fi, { country: 'FI', input: input('FI') });
    expect(registered.errors).toBeUndefined();
    const created = registered.data?.registerCase;
    expect(created).toMatchObject({ id: expect.stringMatching(/^FI:Case:/), version: 1, country: 'FI' });

    const updated = await as(fi, UPDATE, {
      id: created.id,
      version: 1,
      input: input('FI', { status: 'FOLLOW_UP' }),
      key: randomUUID(),
    });
    expect(updated.data?.updateCase).toEqual({ id: created.id, version: 2, status: 'FOLLOW_UP' });

    // A Finnish coordinator cannot write Sweden's cases, nor Sweden Finland's: each country refuses.
    const intoSweden = await as(fi, REGISTER, { country: 'SE', input: input('SE'), key: randomUUID() });
    expect(errorCodes(intoSweden)).toEqual(['FORBIDDEN']);
    const swedishUpdate = await as(se, UPDATE, {
      id: created.id,
      version: 2,
      input: input('FI', { status: 'ACTIVE' }),
      key: randomUUID(),
    });
    expect(errorCodes(swedishUpdate)).toEqual(['FORBIDDEN']);
    const stale = await as(fi, UPDATE, { id: created.id, version: 1, input: input('FI'), key: randomUUID() });
    expect(errorCodes(stale)).toEqual(['CONFLICT']);
  });

  const matchOnce = (caseId: string) =>
    as(
      fi,
      MATCH,
      { caseId, justification: 'Registered today; he says he was helped in Sweden before, duplicate check.' },
      'DUPLICATE_CHECK',
    );

  it('a person registered in two countries with their identity is found by person matching', async () => {
    const swedish = await registerCase(se, {
      country: 'SE',
      input: input('SE'),
      identity: { ...person, familyName: person.familyName.toUpperCase() },
    });
    expect(swedish.errors).toBeUndefined();
    const finnish = await as(fi, REGISTER, {
      country: 'FI',
      input: input('SE'),
      identity: person,
      key: randomUUID(),
    });
    expect(finnish.errors).toBeUndefined();
    const match = await matchOnce(finnish.data?.registerCase.id as string);
    expect(match.errors).toBeUndefined();
    const answers = match.data?.matchPerson as { country: string; hasRecord: boolean }[];
    expect(answers.find((a) => a.country === 'SE')).toEqual({ country: 'SE', hasRecord: true });
    expect(answers.filter((a) => a.hasRecord).map((a) => a.country)).toEqual(['SE']);
  });
});
