import { join } from 'node:path';
import { createDataSource } from '../../subgraphs/national/src/database/dataSource';
import { writeLinkageKeyFile } from '../../subgraphs/common/src/linkageKeyFile';
import { NAMESAKE_YEAR, yearPlan } from '../../subgraphs/national/src/seed/crossBorderPlan';
import { spellingIn } from '../../subgraphs/national/src/seed/nameSpellings';
import { tokenFor } from '../support/auth';
import { type GraphqlResponse, postGraphql } from '../support/graphql';
import { type Backend, COUNTRIES, NordicNetwork } from '../support/nordicNetwork';
import { tempDir } from '../support/services';

/*
 * Person matching through the gateway with the five countries running: the Finnish owner of a case
 * asks the other four, each answers existence only.
 */

const MATCH = `mutation Match($caseId: ID!, $justification: String!) {
  matchPerson(caseId: $caseId, justification: $justification) {
    country
    hasRecord
    contactPoint { id role secureChannel }
  }
}`;
const JUSTIFICATION = 'Victim says she was registered in Sweden last summer; continuity of assistance.';
const REQUESTS_PER_HOUR = 6;

/** The seeded pairs the tests rely on (default seed 2019–2025, scale 1). */
function seededPairs() {
  const plan = yearPlan(2023, 1);
  // The same person in FI and SE, typed without the Nordic letters (and without a document) in Finland
  // and from the passport in Sweden: only the normalised name token can bring them together.
  const variant = plan.links.find((link) => {
    const [a, b] = link.cases;
    return (
      a.country === 'FI' &&
      b.country === 'SE' &&
      spellingIn('FI', link.personSeed) === 'PLAIN' &&
      spellingIn('SE', link.personSeed) === 'PASSPORT'
    );
  });
  const namesakes = yearPlan(NAMESAKE_YEAR, 1).namesakes;
  if (!variant || !namesakes) throw new Error('the seed plan has no variant pair or namesake pair');
  return {
    fi: variant.cases[0].globalId,
    se: variant.cases[1].globalId,
    namesakeFi: namesakes[0].globalId,
    namesakeSe: namesakes[1].globalId,
  };
}

interface Identity {
  family_name: string;
  given_names: string;
  travel_document_number: string | null;
}

describe.each<Backend>(['sqlite', 'postgres'])('person matching through the gateway (%s)', (backend) => {
  const network = new NordicNetwork({
    backend,
    databasePrefix: 'match_e2e',
    nationalEnv: { MATCH_REQUESTS_PER_HOUR: String(REQUESTS_PER_HOUR) },
  });
  const pairs = seededPairs();

  /** A national-only identity, read straight from the country's store (never through the contract). */
  async function identityOf(country: string, caseId: string): Promise<Identity> {
    const ds = createDataSource({ url: (network.countries.get(country) as { database: string }).database });
    await ds.initialize();
    try {
      const [row] = await ds
        .createQueryBuilder()
        .select(['p.family_name AS family_name', 'p.given_names AS given_names'])
        .addSelect('p.travel_document_number', 'travel_document_number')
        .from('person_identities', 'p')
        .innerJoin('cases', 'c', 'c.seq = p.case_seq')
        .where('c.id = :caseId', { caseId })
        .getRawMany();
      return row as Identity;
    } finally {
      await ds.destroy();
    }
  }

  const user = (country: string, roles: string[], subject: string) =>
    tokenFor({ country, roles: roles as never, subject });
  const match = async (
    caseId: string,
    options: { token: string; purpose?: string | null; justification?: string },
  ) =>
    postGraphql(
      network.gatewayUrl,
      MATCH,
      { caseId, justification: options.justification ?? JUSTIFICATION },
      { token: options.token, purpose: options.purpose === undefined ? 'DUPLICATE_CHECK' : options.purpose },
    );
  const results = (response: GraphqlResponse) => response.data?.matchPerson as any[];
  const codes = (response: GraphqlResponse) => (response.errors ?? []).map((e) => e.extensions?.code);
  const auditOf = async (country: string, filter: string) => {
    const response = await postGraphql(
      network.gatewayUrl,
      `{ auditEvents(country: ${country}, ${filter}, first: 50) { nodes { action outcome actorCountry role purpose crossBorder resultCount reason traceId entityType entityIds } } }`,
      undefined,
      { token: await user(country, ['AUDITOR'], `${country.toLowerCase()}-match-auditor`) },
    );
    expect(response.errors).toBeUndefined();
    return (response.data?.auditEvents as { nodes: any[] }).nodes;
  };

  beforeAll(() => network.start(), 240_000);
  afterAll(() => network.stop());

  it('tells a Finnish coordinator that Sweden holds a record of the person spelled another way, and nothing more', async () => {
    const [fi, se] = await Promise.all([identityOf('FI', pairs.fi), identityOf('SE', pairs.se)]);
    // The two registers really spell the person differently, and only Sweden has a document number.
    expect(fi.family_name).not.toBe(se.family_name);
    expect(fi.given_names).not.toBe(se.given_names);
    expect(fi.travel_document_number).toBeNull();

    const token = await user('FI', ['NATIONAL_COORDINATOR'], 'fi-match-coordinator');
    const response = await match(pairs.fi, { token });
    expect(response.errors).toBeUndefined();
    expect(results(response)).toEqual([
      {
        country: 'SE',
        hasRecord: true,
        contactPoint: {
          id: 'SE:ContactPoint:nrm-focal-point',
          role: 'NRM_FOCAL_POINT',
          secureChannel: expect.any(String),
        },
      },
      { country: 'NO', hasRecord: false, contactPoint: null },
      { country: 'DK', hasRecord: false, contactPoint: null },
      { country: 'IS', hasRecord: false, contactPoint: null },
    ]);

    // No identifier of any kind in the answer: no case id, no token, no name in any spelling.
    const json = JSON.stringify(response);
    expect(json).not.toMatch(/:Case:/);
    expect(json).not.toMatch(/[0-9a-f]{64}/);
    for (const name of [fi.family_name, fi.given_names, se.family_name, se.given_names]) {
      for (const part of name.split(/[\s-]+/)) expect(json.toLowerCase()).not.toContain(part.toLowerCase());
    }
  });

  it('does not pair the documented namesakes: same name and citizenship, another birth month', async () => {
    const [fi, se] = await Promise.all([
      identityOf('FI', pairs.namesakeFi),
      identityOf('SE', pairs.namesakeSe),
    ]);
    expect(fi.family_name.toLowerCase()).toBe(se.family_name.toLowerCase());
    const token = await user('FI', ['NATIONAL_COORDINATOR'], 'fi-namesake-coordinator');
    const response = await match(pairs.namesakeFi, { token });
    expect(response.errors).toBeUndefined();
    expect(results(response).map((r) => [r.country, r.hasRecord])).toEqual([
      ['SE', false],
      ['NO', false],
      ['DK', false],
      ['IS', false],
    ]);
  });

  it("lets a police liaison match with an investigation purpose and points them to the other country's police contact", async () => {
    const token = await user('FI', ['POLICE_LIAISON'], 'fi-match-police');
    const response = await match(pairs.fi, { token, purpose: 'CRIMINAL_INVESTIGATION_SUPPORT' });
    expect(response.errors).toBeUndefined();
    expect(results(response)[0]).toMatchObject({
      country: 'SE',
      hasRecord: true,
      contactPoint: { id: 'SE:ContactPoint:police-contact' },
    });
  });

  it('refuses a match without an allowed role, purpose, own country or justification, with a code each, and audits the refusals', async () => {
    const coordinator = await user('FI', ['NATIONAL_COORDINATOR'], 'fi-refused-coordinator');
    const refusals: [string, Promise<GraphqlResponse>][] = [
      ['PURPOSE_REQUIRED', match(pairs.fi, { token: coordinator, purpose: null })],
      [
        'PURPOSE_NOT_ALLOWED',
        match(pairs.fi, { token: coordinator, purpose: 'VICTIM_ASSISTANCE_CONTINUITY' }),
      ],
      [
        'PURPOSE_NOT_ALLOWED',
        match(pairs.fi, {
          token: await user('FI', ['POLICE_LIAISON'], 'fi-refused-police'),
          purpose: 'DUPLICATE_CHECK',
        }),
      ],
      ['FORBIDDEN', match(pairs.fi, { token: await user('FI', ['ASSISTANCE_CASEWORKER'], 'fi-caseworker') })],
      ['FORBIDDEN', match(pairs.fi, { token: await user('FI', ['ANALYST'], 'fi-analyst') })],
      [
        'FORBIDDEN',
        match(pairs.fi, { token: await user('SE', ['NATIONAL_COORDINATOR'], 'se-foreign-coordinator') }),
      ],
      ['INVALID_JUSTIFICATION', match(pairs.fi, { token: coordinator, justification: 'duplicate?' })],
      [
        'INVALID_JUSTIFICATION',
        match(pairs.fi, {
          token: coordinator,
          justification: 'Passport 12345678, born 1990-01-01, 0401234567',
        }),
      ],
      [
        'INVALID_JUSTIFICATION',
        match(pairs.fi, { token: coordinator, justification: `Same person as in ${pairs.se} probably` }),
      ],
    ];
    for (const [code, pending] of refusals) {
      const response = await pending;
      expect({ code, answer: response.data?.matchPerson ?? null, codes: codes(response) }).toEqual({
        code,
        answer: null,
        codes: [code],
      });
    }
    const denied = (await auditOf('FI', `entityId: "${pairs.fi}", outcome: DENIED`)).filter(
      (e) => e.action === 'MATCH_QUERY',
    );
    expect(denied.map((e) => e.reason).sort()).toEqual(
      [
        'FORBIDDEN',
        'FORBIDDEN',
        'FORBIDDEN',
        'INVALID_JUSTIFICATION',
        'INVALID_JUSTIFICATION',
        'INVALID_JUSTIFICATION',
        'PURPOSE_NOT_ALLOWED',
        'PURPOSE_NOT_ALLOWED',
        'PURPOSE_REQUIRED',
      ].sort(),
    );
  });

  it('refuses a token lookup that a user sends themselves, whatever their role, purpose or tokens, and audits it', async () => {
    // The adversarial matrix (forged, expired, replayed, wrong-key lookups; straight to a country) is in
    // matchLookupSignature.test.ts; here: through the gateway, a user's own lookup is never answered.
    const lookup = `query ($tokens: [MatchTokenInput!]!) { matchTokenLookup(tokens: $tokens) { country hasRecord } }`;
    const tokens = [{ scheme: 'HMAC_SHA256_EXACT_V1', keyVersion: 1, value: 'a'.repeat(64) }];
    const attempts: [string, string[], string, unknown[]][] = [
      ['fi-lookup-caseworker', ['ASSISTANCE_CASEWORKER'], 'VICTIM_ASSISTANCE_CONTINUITY', tokens],
      ['fi-lookup-coordinator', ['NATIONAL_COORDINATOR'], 'VICTIM_ASSISTANCE_CONTINUITY', tokens],
      ['fi-lookup-right-purpose', ['NATIONAL_COORDINATOR'], 'DUPLICATE_CHECK', tokens],
      ['fi-lookup-many', ['NATIONAL_COORDINATOR'], 'DUPLICATE_CHECK', [...tokens, ...tokens, ...tokens]],
    ];
    for (const [subject, roles, purpose, sent] of attempts) {
      const response = await postGraphql(
        network.gatewayUrl,
        lookup,
        { tokens: sent },
        { token: await user('FI', roles, subject), purpose },
      );
      expect({ subject, data: response.data?.matchTokenLookup, codes: new Set(codes(response)) }).toEqual({
        subject,
        data: [],
        codes: new Set(['MATCH_LOOKUP_NOT_SIGNED']),
      });
    }
    const denied = (await auditOf('SE', 'actorCountry: FI, outcome: DENIED')).filter(
      (e) => e.action === 'MATCH_QUERY' && e.reason === 'MATCH_LOOKUP_NOT_SIGNED',
    );
    expect(denied.length).toBeGreaterThanOrEqual(attempts.length);
  });

  it("records the match in the owner's audit log and in every answering country's, under one trace id", async () => {
    const token = await user('FI', ['NATIONAL_COORDINATOR'], 'fi-audited-coordinator');
    const response = await match(pairs.fi, { token });
    expect(response.errors).toBeUndefined();

    const owner = (await auditOf('FI', `entityId: "${pairs.fi}", outcome: ALLOWED`)).find(
      (e) => e.action === 'MATCH_QUERY',
    );
    expect(owner).toMatchObject({
      actorCountry: 'FI',
      role: 'NATIONAL_COORDINATOR',
      purpose: 'DUPLICATE_CHECK',
      crossBorder: false,
      resultCount: 1,
      entityIds: [pairs.fi],
    });
    const sweden = (await auditOf('SE', `entityId: "${pairs.se}"`)).find((e) => e.traceId === owner.traceId);
    expect(sweden).toMatchObject({
      action: 'MATCH_QUERY',
      outcome: 'ALLOWED',
      actorCountry: 'FI',
      purpose: 'DUPLICATE_CHECK',
      crossBorder: true,
      resultCount: 1,
      entityIds: [pairs.se],
    });
    // The owner's match request id, which every answering country's audit event names (its lookup was signed with it).
    const request = (await auditOf('FI', 'actorCountry: FI, outcome: ALLOWED')).find(
      (e) => e.traceId === owner.traceId && e.entityType === 'MatchRequest',
    );
    expect(request?.entityIds).toEqual([expect.stringMatching(/^FI:MatchRequest:\d+$/)]);
    for (const country of ['SE', 'NO', 'DK', 'IS']) {
      const answered = (await auditOf(country, 'actorCountry: FI')).filter(
        (e) => e.traceId === owner.traceId,
      );
      expect({ country, answered }).toMatchObject({
        country,
        answered: expect.arrayContaining([
          expect.objectContaining({
            action: 'MATCH_QUERY',
            outcome: 'ALLOWED',
            entityType: 'Case',
            resultCount: country === 'SE' ? 1 : 0,
          }),
          expect.objectContaining({
            action: 'MATCH_QUERY',
            outcome: 'ALLOWED',
            entityType: 'MatchRequest',
            entityIds: request?.entityIds,
          }),
        ]),
      });
    }
    for (const country of ['NO', 'DK', 'IS']) {
      const answered = (await auditOf(country, 'actorCountry: FI')).find(
        (e) => e.traceId === owner.traceId && e.entityType === 'Case',
      );
      expect({ country, answered }).toMatchObject({
        country,
        answered: { action: 'MATCH_QUERY', outcome: 'ALLOWED', resultCount: 0, entityIds: [] },
      });
    }
  });

  it('answers from the countries that can be reached and names the one that cannot, with its code', async () => {
    await network.stopCountry('DK');
    try {
      const token = await user('FI', ['NATIONAL_COORDINATOR'], 'fi-partial-coordinator');
      const response = await match(pairs.fi, { token });
      expect(results(response).map((r) => [r.country, r.hasRecord])).toEqual([
        ['SE', true],
        ['NO', false],
        ['DK', null],
        ['IS', false],
      ]);
      expect(response.errors).toHaveLength(1);
      expect(response.errors?.[0]).toMatchObject({
        path: ['matchPerson', 2, 'hasRecord'],
        extensions: { code: 'COUNTRY_UNAVAILABLE', unansweredCountry: 'DK' },
      });
    } finally {
      await network.restartCountry('DK');
    }
  });

  it(`limits each person to ${REQUESTS_PER_HOUR} match requests an hour`, async () => {
    const token = await user('FI', ['NATIONAL_COORDINATOR'], 'fi-busy-coordinator');
    for (let i = 0; i < REQUESTS_PER_HOUR; i++) {
      expect((await match(pairs.namesakeFi, { token })).errors).toBeUndefined();
    }
    const limited = await match(pairs.namesakeFi, { token });
    expect(codes(limited)).toEqual(['MATCH_RATE_LIMITED']);
    expect(limited.errors?.[0]?.message).toMatch(/allows 6 per hour per person/);
    // Another person is not affected.
    const other = await user('FI', ['NATIONAL_COORDINATOR'], 'fi-calm-coordinator');
    expect((await match(pairs.namesakeFi, { token: other })).errors).toBeUndefined();
  });

  it("keeps a match of a minor for a second coordinator's review, in the asking country and in the answering country", async () => {
    const REVIEWS = `query Reviews($country: CountryCode!, $pending: Boolean) {
      matchReviews(country: $country, pending: $pending) {
        id requestingCountry countries caseIds requestedBy justification reviewedBy reviewedAt
      }
    }`;
    const REVIEW = 'mutation Review($id: ID!) { reviewMatch(id: $id) { id reviewedBy reviewedAt } }';
    const reviews = async (country: string, token: string, pending = true) => {
      const response = await postGraphql(network.gatewayUrl, REVIEWS, { country, pending }, { token });
      expect(response.errors).toBeUndefined();
      return response.data?.matchReviews as any[];
    };
    const minorFlag = async (country: string, caseId: string) =>
      (await network.sql(country, 'SELECT minor_at_exploitation AS m FROM cases WHERE id = $1', [caseId]))[0]
        ?.m;
    const setMinor = (country: string, caseId: string, minor: boolean) =>
      network.sql(
        country,
        `UPDATE cases SET minor_at_exploitation = ${minor ? 'TRUE' : 'FALSE'} WHERE id = $1`,
        [caseId],
      );
    const [asker, colleague, swede] = await Promise.all([
      user('FI', ['NATIONAL_COORDINATOR'], 'fi-minor-asker'),
      user('FI', ['NATIONAL_COORDINATOR'], 'fi-minor-reviewer'),
      user('SE', ['NATIONAL_COORDINATOR'], 'se-minor-contact'),
    ]);
    const before = [await minorFlag('FI', pairs.fi), await minorFlag('SE', pairs.se)];
    // An adult's match is not kept.
    await Promise.all([setMinor('FI', pairs.fi, false), setMinor('SE', pairs.se, false)]);
    expect((await match(pairs.fi, { token: asker })).errors).toBeUndefined();
    const concerns = (list: any[], caseId: string) => list.filter((r) => r.caseIds.includes(caseId));
    expect(concerns(await reviews('FI', colleague, false), pairs.fi)).toEqual([]);
    try {
      // The same person as a child, in both registers.
      await Promise.all([setMinor('FI', pairs.fi, true), setMinor('SE', pairs.se, true)]);
      expect(results(await match(pairs.fi, { token: asker })).find((r) => r.country === 'SE').hasRecord).toBe(
        true,
      );
    } finally {
      await Promise.all([
        setMinor('FI', pairs.fi, Boolean(before[0])),
        setMinor('SE', pairs.se, Boolean(before[1])),
      ]);
    }
    const [finnish] = concerns(await reviews('FI', colleague), pairs.fi);
    expect(finnish).toMatchObject({
      id: expect.stringMatching(/^FI:MatchReview:\d+$/),
      requestingCountry: 'FI',
      countries: ['SE'],
      caseIds: [pairs.fi],
      requestedBy: 'fi-minor-asker',
      justification: JUSTIFICATION,
      reviewedBy: null,
    });
    // Sweden's contact point has notice of the match of its record, without the Finnish justification.
    expect(concerns(await reviews('SE', swede), pairs.se)).toEqual([
      expect.objectContaining({
        requestingCountry: 'FI',
        countries: ['FI'],
        caseIds: [pairs.se],
        requestedBy: 'fi-minor-asker',
        justification: null,
      }),
    ]);
    // Four eyes: the asker may not review their own match; a colleague may, once.
    const own = await postGraphql(network.gatewayUrl, REVIEW, { id: finnish.id }, { token: asker });
    expect(codes(own)).toEqual(['FORBIDDEN']);
    expect(own.errors?.[0]?.message).toMatch(/four-eyes/);
    const reviewed = await postGraphql(network.gatewayUrl, REVIEW, { id: finnish.id }, { token: colleague });
    expect(reviewed.data?.reviewMatch).toMatchObject({ id: finnish.id, reviewedBy: 'fi-minor-reviewer' });
    expect(concerns(await reviews('FI', colleague), pairs.fi)).toEqual([]);
    expect(concerns(await reviews('FI', colleague, false), pairs.fi)[0].reviewedBy).toBe('fi-minor-reviewer');
    // Only the country's own coordinators and auditors see its reviews.
    for (const token of [swede, await user('FI', ['ANALYST'], 'fi-minor-analyst')]) {
      const refused = await postGraphql(network.gatewayUrl, REVIEWS, { country: 'FI' }, { token });
      expect(codes(refused)).toEqual(['FORBIDDEN']);
    }
  });

  if (backend === 'sqlite') {
    it('recomputes the tokens after a key rotation; mid-rotation a country on another version says so instead of "no record"', async () => {
      const rotated = writeLinkageKeyFile(join(tempDir('linkage'), 'linkage-key.json'), 2);
      const token = await user('FI', ['NATIONAL_COORDINATOR'], 'fi-rotation-coordinator');
      const answered = async (expected: [string, boolean | null][]) => {
        // A restarted country comes back into routing after the gateway's circuit breaker lets it.
        const deadline = Date.now() + 20_000;
        let last: GraphqlResponse = await match(pairs.fi, { token });
        while (
          JSON.stringify(results(last)?.map((r) => [r.country, r.hasRecord])) !== JSON.stringify(expected)
        ) {
          if (Date.now() > deadline) throw new Error(`not reached: ${JSON.stringify(last)}`);
          await new Promise((r) => setTimeout(r, 300));
          last = await match(pairs.fi, { token });
        }
        return last;
      };

      // Staggered: Sweden first.
      await network.stopCountry('SE');
      await network.restartCountry('SE', { LINKAGE_KEY_FILE: rotated });
      expect(network.countries.get('SE')?.process.output()).toMatch(
        /SE match tokens: \d+ computed with linkage-key version 2, \d+ of another version removed/,
      );
      const mid = await answered([
        ['SE', null],
        ['NO', false],
        ['DK', false],
        ['IS', false],
      ]);
      expect(mid.errors?.map((e) => [e.extensions?.code, e.extensions?.unansweredCountry])).toEqual([
        ['LINKAGE_KEY_MISMATCH', 'SE'],
      ]);

      // Every country on the new key: the match works again.
      for (const country of COUNTRIES.filter((c) => c !== 'SE')) {
        await network.stopCountry(country);
        await network.restartCountry(country, { LINKAGE_KEY_FILE: rotated });
      }
      const after = await answered([
        ['SE', true],
        ['NO', false],
        ['DK', false],
        ['IS', false],
      ]);
      expect(after.errors).toBeUndefined();
    });
  }
});
