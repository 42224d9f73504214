import { join } from 'node:path';
import { errorCodes, postGraphql } from '../support/graphql';
import { recreateDatabase } from '../support/postgres';
import { type RunningProcess, startNetwork, tempDir } from '../support/services';

const LANGUAGES = ['da', 'en', 'fi', 'is', 'nb', 'sv'];

const backends: [string, () => Promise<string>][] = [
  ['SQLite', async () => `sqlite:${join(tempDir('network'), 'network.sqlite')}`],
  ['PostgreSQL', () => recreateDatabase('nordic_test_network')],
];

describe.each(backends)('the network registry on %s', (_backend, databaseFor) => {
  let network: RunningProcess;
  let database: string;
  let url: string;

  beforeAll(async () => {
    database = await databaseFor();
    network = await startNetwork(database);
    url = `${network.url}/graphql`;
  });

  afterAll(async () => {
    await network?.stop();
  });

  it('lists the Nordic directory in network order, with who coordinates and assists in each country', async () => {
    const response = await postGraphql(
      url,
      `{ countries { code name nameLocal euMember boundByDirective2011_36 connected
          nationalCoordinator { id country type } assistanceSystem { id country name } } }`,
    );
    expect(response.errors).toBeUndefined();
    const countries = response.data?.countries as any[];
    expect(countries.map((c) => c.code)).toEqual(['FI', 'SE', 'NO', 'DK', 'IS', 'AX', 'FO', 'GL']);
    expect(countries.filter((c) => c.connected).map((c) => c.code)).toEqual(['FI', 'SE', 'NO', 'DK', 'IS']);
    const byCode = Object.fromEntries(countries.map((c) => [c.code, c]));
    expect(byCode.DK).toMatchObject({ euMember: true, boundByDirective2011_36: false });
    expect(byCode.NO).toMatchObject({ euMember: false, boundByDirective2011_36: false, nameLocal: 'Norge' });
    expect(byCode.FI.nationalCoordinator).toMatchObject({ country: 'FI', type: 'NATIONAL_COORDINATOR' });
    for (const code of ['FI', 'SE', 'NO', 'DK', 'IS'])
      expect(byCode[code].assistanceSystem?.country).toBe(code);
  });

  it("answers use case 5: Norway's focal point for child referrals, as a functional contact only", async () => {
    const response = await postGraphql(
      url,
      `{ contactPoints(country: NO, role: CHILD_REFERRAL_FOCAL_POINT) { id role organisation { country name } functionalEmail phone languages secureChannel } }`,
    );
    const points = response.data?.contactPoints as any[];
    expect(points.length).toBeGreaterThan(0);
    for (const point of points) {
      expect(point).toMatchObject({
        role: 'CHILD_REFERRAL_FOCAL_POINT',
        phone: null,
        organisation: { country: 'NO' },
      });
      expect(point.functionalEmail).toMatch(/@example\.invalid$/);
    }
  });

  it('holds no personal contact data: every address is a functional placeholder and there are no phone numbers', async () => {
    const response = await postGraphql(url, `{ contactPoints { id functionalEmail phone } }`);
    const points = response.data?.contactPoints as any[];
    expect(points.length).toBeGreaterThanOrEqual(30);
    expect(
      points.filter(
        (p) => p.phone !== null || !/^[a-z0-9.-]+@example\.invalid$/.test(p.functionalEmail ?? ''),
      ),
    ).toEqual([]);
  });

  it('serves every code list with its source standard and labels in the six network languages', async () => {
    const response = await postGraphql(
      url,
      `{ codeList(name: "ExploitationForm", lang: "fi") { name source values { code label labels { lang text } } } }`,
    );
    const list = response.data?.codeList as any;
    expect(list.source).toMatch(/Directive 2011\/36/);
    expect(list.values.map((v: any) => v.code)).toContain('FORCED_MARRIAGE');
    for (const value of list.values) {
      expect(value.labels.map((l: any) => l.lang).sort()).toEqual(LANGUAGES);
      expect(value.label).toBe(value.labels.find((l: any) => l.lang === 'fi').text);
    }
    const all = await postGraphql(
      url,
      `{ codeLists(lang: "sv") { name values { code labels { lang text } } } }`,
    );
    const lists = all.data?.codeLists as any[];
    expect(lists.length).toBeGreaterThan(30);
    for (const l of lists)
      for (const v of l.values) expect(v.labels.every((x: any) => x.text.length > 0)).toBe(true);
  });

  it('names countries in the asked language', async () => {
    const response = await postGraphql(
      url,
      `{ codeList(name: "CountryCode", lang: "is") { values { code label } } }`,
    );
    const values = response.data?.codeList as any;
    expect(values.values.find((v: any) => v.code === 'FI').label).toBe('Finnland');
  });

  it('answers null for an unknown code list and a clear error for an unknown language', async () => {
    expect((await postGraphql(url, `{ codeList(name: "Nope") { name } }`)).data).toEqual({ codeList: null });
    const bad = await postGraphql(url, `{ codeList(name: "Sex", lang: "xx") { name } }`);
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors?.[0]?.message).toMatch(/lang must be one of/);
  });

  it('resolves Country and Organisation references for the gateway', async () => {
    const response = await postGraphql(
      url,
      `{ _entities(representations: [{ __typename: "Country", code: "SE" }, { __typename: "Organisation", id: "FI:Organisation:nas" }, { __typename: "Country", code: "GL" }]) {
          ... on Country { code name } ... on Organisation { id type } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?._entities).toEqual([
      { code: 'SE', name: 'Sweden' },
      { id: 'FI:Organisation:nas', type: 'ASSISTANCE_SYSTEM' },
      { code: 'GL', name: 'Greenland' },
    ]);
  });

  it('keeps its directory across a restart without seeding it twice', async () => {
    const before = await postGraphql(url, `{ organisations { id } }`);
    await network.stop();
    network = await startNetwork(database);
    url = `${network.url}/graphql`;
    const after = await postGraphql(url, `{ organisations { id } }`);
    expect(after.data).toEqual(before.data);
  });
});
