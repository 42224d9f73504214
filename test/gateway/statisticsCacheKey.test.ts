import type { Principal } from '../../subgraphs/common/src/auth/principal';
import { statisticsCacheKey } from '../../gateway/src/statisticsCache/cacheKey';
import { isStatisticsFetch } from '../../gateway/src/statisticsCache/cacheableFetch';
import type { CountryFetch } from '../../gateway/src/transport/countryFetch';

/** Which country fetches the statistics cache looks at, and what its key tells apart. */

const DASHBOARD =
  'query($representations:[_Any!]!){_entities(representations:$representations){...on Country{statistics(year:2023 groupBy:[SEX]){sex value suppressed}}}}';
const COUNTRY = [{ __typename: 'Country', code: 'FI' }];

describe('a cacheable statistics fetch', () => {
  it('is an entity fetch of Country statistics fields only', () => {
    expect(isStatisticsFetch(DASHBOARD, COUNTRY)).toBe(true);
    expect(
      isStatisticsFetch(
        'query($representations:[_Any!]!){__typename _entities(representations:$representations){__typename ...on Country{routeFlows(yearFrom:2020 yearTo:2023){from to value} referralMetrics(yearFrom:2020 yearTo:2023){sent{value}}}}}',
        COUNTRY,
      ),
    ).toBe(true);
  });

  it.each([
    ['a person-level root field', '{ case(id: "FI:Case:2025-000001") { id } }', COUNTRY],
    ['a scattered list of cases', '{ cases { nodes { id } } }', COUNTRY],
    [
      'an entity fetch of cases',
      'query($representations:[_Any!]!){_entities(representations:$representations){...on Case{id subject{sex}}}}',
      [{ __typename: 'Case', id: 'FI:Case:2025-000001' }],
    ],
    [
      'Country statistics fetched alongside a Case',
      'query($representations:[_Any!]!){_entities(representations:$representations){...on Country{statistics(year:2023){value}} ...on Case{id}}}',
      [...COUNTRY, { __typename: 'Case', id: 'FI:Case:2025-000001' }],
    ],
    [
      'a case selected under a Country fragment',
      'query($representations:[_Any!]!){_entities(representations:$representations){...on Country{statistics(year:2023){value}} ...on Case{id}}}',
      COUNTRY,
    ],
    [
      'a named fragment',
      'query($representations:[_Any!]!){_entities(representations:$representations){...F}} fragment F on Country{statistics(year:2023){value}}',
      COUNTRY,
    ],
    [
      'an aliased root field',
      'query($representations:[_Any!]!){_entities: cases { nodes { id } } }',
      COUNTRY,
    ],
    ['a mutation', 'mutation { assignCase(id: "FI:Case:1", organisation: "x") { id } }', COUNTRY],
    ['no representations', DASHBOARD, []],
    ['text that does not parse', '{ _entities(', COUNTRY],
  ])('is not %s', (_name, query, representations) => {
    expect(isStatisticsFetch(query, representations)).toBe(false);
  });
});

describe('the statistics cache key', () => {
  const caller: Principal = {
    subject: 'fi-analyst',
    country: 'FI',
    organisation: 'FI:Organisation:thl',
    roles: ['ANALYST', 'DASHBOARD'],
    issuer: 'https://idp.fi.nordic-thb.invalid',
  };
  const fetchOf = (headers: Record<string, string> = {}, variables: Record<string, unknown> = {}) =>
    ({
      country: 'FI',
      subgraph: 'national',
      body: { query: DASHBOARD, variables: { representations: COUNTRY, ...variables } },
      headers: { authorization: 'Bearer a', 'x-purpose': 'STATISTICS', ...headers },
    }) as unknown as CountryFetch;
  const base = statisticsCacheKey(fetchOf(), caller);

  it('is the same for another subject, another token or role order of the same scope, or another trace', () => {
    expect(statisticsCacheKey(fetchOf(), { ...caller, subject: 'fi-analyst-2' })).toBe(base);
    expect(statisticsCacheKey(fetchOf({ authorization: 'Bearer b' }), caller)).toBe(base);
    expect(statisticsCacheKey(fetchOf(), { ...caller, roles: ['DASHBOARD', 'ANALYST'] })).toBe(base);
    expect(statisticsCacheKey(fetchOf({ traceparent: '00-1-2-01', 'x-request-id': 'r' }), caller)).toBe(base);
  });

  it.each<[string, CountryFetch, Principal]>([
    ['home country', fetchOf(), { ...caller, country: 'SE' }],
    ['issuer', fetchOf(), { ...caller, issuer: 'https://idp.se.nordic-thb.invalid' }],
    ['organisation', fetchOf(), { ...caller, organisation: 'FI:Organisation:other' }],
    ['organisation (none)', fetchOf(), { ...caller, organisation: null }],
    ['roles', fetchOf(), { ...caller, roles: ['ANALYST'] }],
    ['purpose', fetchOf({ 'x-purpose': 'AUDIT' }), caller],
    ['baggage', fetchOf({ baggage: 'k=v' }), caller],
    ['variables', fetchOf({}, { year: 2024 }), caller],
  ])('differs with the %s', (_name, fetch, who) => {
    expect(statisticsCacheKey(fetch, who)).not.toBe(base);
  });
});
