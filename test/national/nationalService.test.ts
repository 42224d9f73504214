import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DefinitionNode, parse, print } from 'graphql';
import { coordinatorOf } from '../support/auth';
import { errorCodes, postGraphql } from '../support/graphql';
import { recreateDatabase } from '../support/postgres';
import { type RunningProcess, startNational, tempDir } from '../support/services';

/** Every field of a case the contract offers, as a coordinator's client would ask for it. */
const CASE_FIELDS = `
  id country registeringOrgType openedMonth closedMonth status synthetic legalBasisNational
  subject { sex ageBandAtIdentification minorAtExploitation citizenship migrationStatus recruiterRelationship recruitmentMethods accompaniedChildrenCount }
  identification { status decidedByOrgType decidedMonth reflectionPeriodEndsMonth }
  exploitations { form eurostatGroup sexualType industry country fromMonth toMonth meansOfControl onlineFacilitated }
  events { type country nuts2 month }
  indicators { indicator observedByOrgType month }
  assistance { type providerOrgType status startMonth endMonth }
`;

interface CaseNode {
  id: string;
  openedMonth: string;
  status: string;
  subject: { minorAtExploitation: boolean | null };
  identification: { status: string };
  exploitations: { form: string; eurostatGroup: string }[];
}

const PAGE_QUERY = `query Page($countries: [CountryCode!], $filter: CaseFilter, $first: Int, $after: String) {
  cases(countries: $countries, filter: $filter, first: $first, after: $after) {
    country totalCount pageInfo { hasNextPage endCursor } nodes { ${CASE_FIELDS} }
  }
}`;

const backends: [string, (country: string) => Promise<string>][] = [
  ['SQLite', async (country) => `sqlite:${join(tempDir('national'), `${country.toLowerCase()}.sqlite`)}`],
  ['PostgreSQL', (country) => recreateDatabase(`nordic_test_national_${country.toLowerCase()}`)],
];

describe.each(backends)('the national service on %s', (_backend, databaseFor) => {
  let fi: RunningProcess;
  let se: RunningProcess;
  let fiUrl: string;
  let allFinnish: CaseNode[];

  async function allCases(
    filter: Record<string, unknown> = {},
  ): Promise<{ nodes: CaseNode[]; totalCount: number }> {
    const nodes: CaseNode[] = [];
    let after: string | null = null;
    let totalCount = -1;
    for (;;) {
      const page: any = await postGraphql(fiUrl, PAGE_QUERY, {
        countries: ['FI'],
        filter,
        first: 100,
        after,
      });
      expect(page.errors).toBeUndefined();
      const [countryPage] = page.data.cases;
      totalCount = countryPage.totalCount;
      nodes.push(...countryPage.nodes);
      if (!countryPage.pageInfo.hasNextPage) break;
      after = countryPage.pageInfo.endCursor;
    }
    return { nodes, totalCount };
  }

  beforeAll(async () => {
    [fi, se] = await Promise.all([
      databaseFor('FI').then((database) => startNational({ country: 'FI', database })),
      databaseFor('SE').then((database) => startNational({ country: 'SE', database })),
    ]);
    fiUrl = `${fi.url}/graphql`;
    allFinnish = (await allCases()).nodes;
  });

  afterAll(async () => {
    await Promise.all([fi?.stop(), se?.stop()]);
  });

  it('pages through every Finnish case, newest first, with no duplicates or gaps', async () => {
    const { nodes, totalCount } = await allCases();
    expect(nodes.length).toBe(totalCount);
    expect(totalCount).toBeGreaterThan(1500); // 2019–2025 at FI's calibrated 320–370 a year
    expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
    for (let i = 1; i < nodes.length; i++) {
      expect(nodes[i - 1]!.openedMonth >= nodes[i]!.openedMonth).toBe(true);
    }
    expect(nodes.every((n) => n.id.startsWith('FI:Case:'))).toBe(true);
  });

  it('answers case(id) with the same case the page showed, with every contract field', async () => {
    const sample = allFinnish[17]!;
    const response = await postGraphql(fiUrl, `query($id: ID!) { case(id: $id) { ${CASE_FIELDS} } }`, {
      id: sample.id,
    });
    expect(response.errors).toBeUndefined();
    expect(response.data?.case).toEqual(sample);
    const missing = await postGraphql(
      fiUrl,
      `
        {
          case(id: "FI:Case:1999-999999") {
            id
          }
        }
      `,
    );
    expect(missing.data).toEqual({ case: null });
  });

  it('filters cases, and each filter agrees with the cases themselves', async () => {
    const closed = await allCases({ status: ['CLOSED', 'CLOSED_REFERRED'] });
    expect(closed.totalCount).toBe(allFinnish.filter((n) => n.status.startsWith('CLOSED')).length);
    expect(closed.nodes.every((n) => n.status.startsWith('CLOSED'))).toBe(true);

    const labour = await allCases({ exploitationForm: 'FORCED_LABOUR_OR_SERVICES' });
    const expectedLabour = allFinnish.filter((n) =>
      n.exploitations.some((e) => e.form === 'FORCED_LABOUR_OR_SERVICES'),
    );
    expect(labour.nodes.map((n) => n.id)).toEqual(expectedLabour.map((n) => n.id));

    const in2023 = await allCases({ openedFrom: '2023-01', openedTo: '2023-12' });
    expect(in2023.nodes.map((n) => n.id)).toEqual(
      allFinnish.filter((n) => n.openedMonth.startsWith('2023')).map((n) => n.id),
    );

    const minors = await allCases({ minor: true });
    expect(minors.totalCount).toBe(allFinnish.filter((n) => n.subject.minorAtExploitation === true).length);
    expect(minors.totalCount).toBeGreaterThan(0);

    const identified = await allCases({ identificationStatus: ['IDENTIFIED'] });
    expect(identified.totalCount).toBe(
      allFinnish.filter((n) => n.identification.status === 'IDENTIFIED').length,
    );
  });

  it('computes statistics within ±3 of counting the cases, never a count from 1 to 4 (cell-key perturbation)', async () => {
    const registered = new Set(['PRESUMED', 'IDENTIFIED', 'DECLINED_IDENTIFICATION']);
    const counts = new Map<string, number>();
    for (const n of allFinnish) {
      if (!n.openedMonth.startsWith('2023') || !registered.has(n.identification.status)) continue;
      const group = n.exploitations[0]!.eurostatGroup;
      counts.set(group, (counts.get(group) ?? 0) + 1);
    }
    const response = await postGraphql(
      fiUrl,
      `
        {
          _entities(representations: [{ __typename: "Country", code: "FI" }]) {
            ... on Country {
              statistics(year: 2023, groupBy: [EXPLOITATION_GROUP]) {
                measure
                year
                country
                exploitationGroup
                value
                suppressed
                suppression
                perturbed
                maxDeviation
                threshold
                provisional
              }
            }
          }
        }
      `,
    );
    expect(response.errors).toBeUndefined();
    const rows = (response.data as any)._entities[0].statistics as any[];
    // A group whose figure is 0 is left out: only small groups may be missing.
    for (const [group, count] of counts)
      if (!rows.some((r) => r.exploitationGroup === group)) expect(count).toBeLessThanOrEqual(3);
    for (const row of rows) {
      const expected = counts.get(row.exploitationGroup)!;
      expect(row).toMatchObject({
        measure: 'REGISTERED_VICTIMS',
        year: 2023,
        country: 'FI',
        threshold: 5,
        provisional: false,
      });
      expect(row).toMatchObject({ suppressed: false, suppression: null, perturbed: true, maxDeviation: 3 });
      expect(Math.abs(row.value - expected)).toBeLessThanOrEqual(3);
      expect(row.value >= 5).toBe(true);
    }
  });

  it('never returns a count from 1 to 4 in a fine breakdown, and groups a year range by year', async () => {
    const response = await postGraphql(
      fiUrl,
      `
        {
          _entities(representations: [{ __typename: "Country", code: "FI" }]) {
            ... on Country {
              statistics(
                year: 2019
                yearTo: 2025
                measure: NRM_REFERRALS
                groupBy: [SEX, AGE_GROUP, CITIZENSHIP_GROUP]
              ) {
                year
                value
                suppressed
              }
            }
          }
        }
      `,
    );
    const rows = (response.data as any)._entities[0].statistics as {
      year: number;
      value: number | null;
      suppressed: boolean;
    }[];
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.every((r) => !r.suppressed && r.value !== null)).toBe(true);
    expect(rows.filter((r) => r.value !== null && r.value > 0 && r.value < 5)).toEqual([]);
    expect(new Set(rows.map((r) => r.year))).toEqual(new Set([2019, 2020, 2021, 2022, 2023, 2024, 2025]));
  });

  it('refuses ids, representations and arguments of another country with NOT_OWNED_BY_THIS_COUNTRY', async () => {
    const byId = await postGraphql(
      fiUrl,
      `
        {
          case(id: "SE:Case:2023-000001") {
            id
          }
        }
      `,
    );
    expect(errorCodes(byId)).toEqual(['NOT_OWNED_BY_THIS_COUNTRY']);
    expect(byId.errors?.[0]?.message).toMatch(/belongs to SE; this is the FI service/);
    expect(byId.data).toEqual({ case: null });

    const entities = await postGraphql(
      fiUrl,
      `{ _entities(representations: [{ __typename: "Case", id: "${allFinnish[0]!.id}" }, { __typename: "Case", id: "SE:Case:2023-000001" }, { __typename: "Country", code: "SE" }]) { ... on Case { id } ... on Country { code } } }`,
    );
    expect((entities.data as any)._entities).toEqual([{ id: allFinnish[0]!.id }, null, null]);
    expect(errorCodes(entities)).toEqual(['NOT_OWNED_BY_THIS_COUNTRY', 'NOT_OWNED_BY_THIS_COUNTRY']);
    expect(entities.errors?.map((e) => e.path)).toEqual([
      ['_entities', 1],
      ['_entities', 2],
    ]);

    const scattered = await postGraphql(
      fiUrl,
      `
        {
          cases(countries: [SE]) {
            country
          }
        }
      `,
    );
    expect(errorCodes(scattered)).toEqual(['NOT_OWNED_BY_THIS_COUNTRY']);
  });

  it('resolves a batch of entity references in the original order, null for unknown ids', async () => {
    const ids = allFinnish
      .slice(0, 100)
      .map((n) => n.id)
      .reverse();
    ids.splice(50, 0, 'FI:Case:1999-000001');
    const representations = ids.map((id) => ({ __typename: 'Case', id }));
    const response = await postGraphql(
      fiUrl,
      `
        query ($r: [_Any!]!) {
          _entities(representations: $r) {
            ... on Case {
              id
              openedMonth
            }
          }
        }
      `,
      { r: representations },
    );
    expect(response.errors).toBeUndefined();
    const entities = (response.data as any)._entities as ({ id: string } | null)[];
    expect(entities.map((e) => e?.id ?? null)).toEqual(
      ids.map((id) => (id === 'FI:Case:1999-000001' ? null : id)),
    );
  });

  it.each([
    [
      'first below range',
      `{ cases(first: 0) { country } }`,
      'BAD_USER_INPUT',
      /first must be between 1 and 100, got 0/,
    ],
    ['first above range', `{ cases(first: 101) { country } }`, 'BAD_USER_INPUT', /got 101/],
    [
      'a malformed id',
      `{ case(id: "not-an-id") { id } }`,
      'INVALID_GLOBAL_ID',
      /expected COUNTRY:Case:local/,
    ],
    [
      'an unknown enum value',
      `{ cases(filter: { status: [OPEN] }) { country } }`,
      'GRAPHQL_VALIDATION_FAILED',
      /OPEN/,
    ],
    [
      'a malformed YearMonth literal',
      `{ cases(filter: { openedFrom: "2024-13" }) { country } }`,
      'GRAPHQL_VALIDATION_FAILED',
      /YYYY-MM/,
    ],
    [
      'a reversed month range',
      `{ cases(filter: { openedFrom: "2024-05", openedTo: "2023-01" }) { country } }`,
      'BAD_USER_INPUT',
      /after filter.openedTo/,
    ],
    [
      'a garbage cursor',
      `{ cases(after: "bm9wZQ") { country } }`,
      'INVALID_CURSOR',
      /pass an endCursor exactly as you received it/,
    ],
    [
      'INCOMING referrals without counterpart',
      `{ referrals(direction: INCOMING) { id } }`,
      'BAD_USER_INPUT',
      /counterpart/,
    ],
    [
      'too fine a statistics breakdown',
      `{ _entities(representations: [{ __typename: "Country", code: "FI" }]) { ... on Country { statistics(year: 2023, groupBy: [SEX, AGE_GROUP, INDUSTRY, CITIZENSHIP_GROUP]) { value } } } }`,
      'UNSUPPORTED_STATISTIC',
      /at most 3 dimensions/,
    ],
  ])('gives %s a clear error with a stable code', async (_name, query, code, message) => {
    const response = await postGraphql(fiUrl, query);
    expect(errorCodes(response)).toEqual([code]);
    expect(response.errors?.[0]?.message).toMatch(message);
  });

  it('refuses a malformed YearMonth in variables with BAD_USER_INPUT', async () => {
    const response = await postGraphql(
      fiUrl,
      `
        query ($f: CaseFilter) {
          cases(filter: $f) {
            country
          }
        }
      `,
      {
        f: { openedTo: '2024-1' },
      },
    );
    expect(response.status).toBe(400);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toMatch(/"YYYY-MM"/);
  });

  it('refuses a cursor issued for another filter', async () => {
    const first: any = await postGraphql(fiUrl, PAGE_QUERY, { first: 5 });
    const cursor = first.data.cases[0].pageInfo.endCursor;
    const replay = await postGraphql(fiUrl, PAGE_QUERY, { first: 5, after: cursor, filter: { minor: true } });
    expect(errorCodes(replay)).toEqual(['INVALID_CURSOR']);
    expect(replay.errors?.[0]?.message).toMatch(/different filter/);
  });

  it('serves the contract SDL: every type and directive of the contract, unchanged', async () => {
    for (const [path, file] of [
      ['/graphql', 'national.graphql'],
      ['/crossborder/graphql', 'crossborder.graphql'],
    ]) {
      const contract = definitionsByName(readFileSync(join(__dirname, '..', '..', 'schema', file!), 'utf8'));
      const served: any = await postGraphql(
        `${fi.url}${path}`,
        `
          {
            _service {
              sdl
            }
          }
        `,
      );
      const servedDefinitions = definitionsByName(served.data._service.sdl);
      expect(contract.size).toBeGreaterThan(5);
      for (const [name, printed] of contract)
        expect({ name, printed: servedDefinitions.get(name) }).toEqual({ name, printed });
    }
  });

  it('keeps cross-border links consistent: Sweden holds the mirror of every Finnish link to Sweden', async () => {
    const crossBorder = await allCases({ crossBorder: true });
    expect(crossBorder.totalCount).toBeGreaterThan(0);
    const representations = crossBorder.nodes.map((n) => ({ __typename: 'Case', id: n.id }));
    const fiLinks: any = await postGraphql(
      `${fi.url}/crossborder/graphql`,
      `
        query ($r: [_Any!]!) {
          _entities(representations: $r) {
            ... on Case {
              id
              links {
                id
                caseA {
                  id
                }
                caseB {
                  id
                }
                basis
                confirmedBy
              }
            }
          }
        }
      `,
      { r: representations },
    );
    expect(fiLinks.errors).toBeUndefined();
    const toSweden = (fiLinks.data._entities as any[])
      .flatMap((c) => c.links)
      .filter((l: any) => l.caseB.id.startsWith('SE:'));
    expect(toSweden.length).toBeGreaterThan(0);
    const seSide: any = await postGraphql(
      `${se.url}/crossborder/graphql`,
      `
        query ($r: [_Any!]!) {
          _entities(representations: $r) {
            ... on Case {
              id
              links {
                id
                caseA {
                  id
                }
                caseB {
                  id
                }
              }
            }
          }
        }
      `,
      { r: toSweden.map((l: any) => ({ __typename: 'Case', id: l.caseB.id })) },
      { token: await coordinatorOf('SE') },
    );
    expect(seSide.errors).toBeUndefined();
    toSweden.forEach((link: any, i: number) => {
      expect(seSide.data._entities[i].links).toContainEqual({
        id: link.id,
        caseA: { id: link.caseB.id },
        caseB: { id: link.caseA.id },
      });
    });
  });

  it('lists referrals and points accepted ones at the case the receiver opened', async () => {
    const outgoing: any = await postGraphql(
      fiUrl,
      `
        {
          referrals(direction: INCOMING, counterpart: SE) {
            id
            fromCountry
            toCountry
            status
            case {
              id
            }
            fromContact {
              id
            }
            toContact {
              id
            }
            sharedPayload {
              exploitationForms
              needs
              minor
              safetyRiskLevel
            }
            expiresAt
          }
        }
      `,
    );
    expect(outgoing.errors).toBeUndefined();
    const referrals = outgoing.data.referrals as any[];
    expect(referrals.length).toBeGreaterThan(0);
    expect(
      referrals.every(
        (r) => r.fromCountry === 'FI' && r.toCountry === 'SE' && r.id.startsWith('FI:Referral:'),
      ),
    ).toBe(true);
    expect(referrals[0].toContact.id).toBe('SE:ContactPoint:nrm-focal-point');

    const accepted = referrals.filter((r) => r.status === 'ACCEPTED' || r.status === 'COMPLETED');
    expect(accepted.length).toBeGreaterThan(0);
    const destinations: any = await postGraphql(
      `${fi.url}/crossborder/graphql`,
      `
        query ($r: [_Any!]!) {
          _entities(representations: $r) {
            ... on Referral {
              id
              destinationCase {
                id
              }
            }
          }
        }
      `,
      { r: accepted.map((r) => ({ __typename: 'Referral', id: r.id })) },
    );
    const destinationIds = (destinations.data._entities as any[]).map((e) => e.destinationCase.id as string);
    const origins: any = await postGraphql(
      `${se.url}/crossborder/graphql`,
      `
        query ($r: [_Any!]!) {
          _entities(representations: $r) {
            ... on Case {
              id
              originReferral {
                id
              }
            }
          }
        }
      `,
      { r: destinationIds.map((id) => ({ __typename: 'Case', id })) },
      { token: await coordinatorOf('SE') },
    );
    expect((origins.data._entities as any[]).map((e) => e.originReferral.id)).toEqual(
      accepted.map((r) => r.id),
    );
  });
});

/** Named type and directive definitions of an SDL, printed, without the federation machinery. */
function definitionsByName(sdl: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const definition of parse(sdl).definitions as DefinitionNode[]) {
    if (!('name' in definition) || !definition.name) continue;
    const name = definition.name.value;
    if (/^(link__|federation__|_)/.test(name) || ['link', 'key'].includes(name)) continue;
    const withoutFederationFields =
      definition.kind === 'ObjectTypeDefinition'
        ? { ...definition, fields: definition.fields?.filter((f) => !f.name.value.startsWith('_')) }
        : definition;
    map.set(name, print(withoutFederationFields));
  }
  return map;
}
