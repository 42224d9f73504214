import { Client } from 'pg';
import { ageGroupOf, formatGlobalId } from '@nordic/schema';
import { generateCases } from '../../subgraphs/national/src/seed/generateCases';
import type { SyntheticCase } from '../../subgraphs/national/src/seed/syntheticCase';
import { acmsRecordNumber } from '../../subgraphs/national/src/adapters/legacyAcms/acmsFixture';
import { ACMS_CASE_STATUS } from '../../subgraphs/national/src/adapters/legacyAcms/codeMaps';
import { loadNationalConfig } from '../../subgraphs/national/src/config';
import { coordinatorOf, tokenFor } from '../support/auth';
import { errorCodes, postGraphql } from '../support/graphql';
import { ACMS_ADAPTER_ENV, loadAcmsDatabase, startNationalOverAcms } from '../support/legacyAcms';
import { type SmallNetwork, runScript, startFinlandBehindGateway, tempDir } from '../support/services';

/**
 * Finland's service started over the example legacy system (ACMS: its own tables, column names, codes
 * and dates, docs/national-teams.md "Connecting your own system"), behind the gateway: the contract's
 * read paths answer as over the reference store, through the same enforcement point, audit and
 * disclosure control.
 */
const YEARS = { yearFrom: 2023, yearTo: 2024, scale: 1 };

const CASE_FIELDS = `id country openedMonth closedMonth status synthetic
  subject { sex ageBandAtIdentification minorAtExploitation citizenship recruitmentMethods }
  identification { status decidedMonth reflectionPeriodEndsMonth }
  exploitations { form eurostatGroup industry country fromMonth toMonth meansOfControl }
  events { type country month }
  assistance { type startMonth endMonth }
  responsibleOrganisation { id }`;

const PAGE_QUERY = `query Page($filter: CaseFilter, $after: String) {
  cases(countries: [FI], filter: $filter, first: 100, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id openedMonth }
  }
}`;

const idOf = (c: SyntheticCase) => formatGlobalId('FI', 'Case', c.local);
/** The generated cases the fixture wrote into ACMS, newest first as the contract pages them. */
const generated = [...generateCases('FI', YEARS)];
const newestFirst = [...generated].reverse();
const registered = new Set(['PRESUMED', 'IDENTIFIED', 'DECLINED_IDENTIFICATION']);

describe('the national service over a legacy case-management system (STORE=legacy-acms, PostgreSQL)', () => {
  let network: SmallNetwork;
  let gateway: string;
  let national: string;
  let database: string;

  beforeAll(async () => {
    database = await loadAcmsDatabase('nordic_test_acms_fi', 'FI', `${YEARS.yearFrom}-${YEARS.yearTo}`);
    network = await startFinlandBehindGateway(tempDir('acms'), { database, nationalEnv: ACMS_ADAPTER_ENV });
    gateway = `${network.gateway.url}/graphql`;
    national = `${network.finland.url}/graphql`;
  });

  afterAll(() => network?.stop());

  async function pageAll(filter: Record<string, unknown>, token?: string) {
    const ids: string[] = [];
    let after: string | null = null;
    let totalCount = -1;
    for (;;) {
      const response: any = await postGraphql(gateway, PAGE_QUERY, { filter, after }, { token });
      expect(response.errors).toBeUndefined();
      const [page] = response.data.cases;
      totalCount = page.totalCount;
      ids.push(...page.nodes.map((n: { id: string }) => n.id));
      if (!page.pageInfo.hasNextPage) return { ids, totalCount };
      after = page.pageInfo.endCursor;
    }
  }

  it("answers a case by id in the contract's codes and months, mapped from ACMS's own", async () => {
    // A case with several exploitations: ACMS keeps them in a child table, the first is the main one.
    const several = generated.find((c) => c.exploitations.length > 1 && c.events.length > 0)!;
    for (const expected of [generated[0]!, several]) {
      const response: any = await postGraphql(
        gateway,
        `{ case(id: "${idOf(expected)}") { ${CASE_FIELDS} } }`,
      );
      expect(response.errors).toBeUndefined();
      expect(response.data.case).toEqual({
        id: idOf(expected),
        country: 'FI',
        openedMonth: expected.openedMonth,
        closedMonth: expected.closedMonth,
        status: expected.status,
        synthetic: true,
        subject: {
          sex: expected.sex,
          ageBandAtIdentification: expected.ageBand,
          minorAtExploitation: expected.minorAtExploitation,
          citizenship: expected.citizenship,
          recruitmentMethods: expected.recruitmentMethods,
        },
        identification: {
          status: expected.identification.status,
          decidedMonth: expected.identification.decidedMonth,
          reflectionPeriodEndsMonth: expected.identification.reflectionPeriodEndsMonth,
        },
        exploitations: expected.exploitations.map((e) => ({
          form: e.form,
          eurostatGroup: expect.any(String),
          industry: e.industry,
          country: e.country,
          fromMonth: e.fromMonth,
          toMonth: e.toMonth,
          meansOfControl: e.meansOfControl,
        })),
        events: expected.events.map((e) => ({ type: e.type, country: e.country, month: e.month })),
        assistance: expected.assistance.map((a) => ({
          type: a.type,
          startMonth: a.startMonth,
          endMonth: a.endMonth,
        })),
        responsibleOrganisation: expected.responsibleOrgId ? { id: expected.responsibleOrgId } : null,
      });
    }
    // What ACMS actually holds for it: its own record number, codes and dates.
    const client = new Client({ connectionString: database });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT t.tila, t.avattu::text, x.muoto FROM acms.tapaus t JOIN acms.hyvaksikaytto x USING (tapaus_id)
         WHERE t.diaarinumero = $1 ORDER BY x.hyvaksikaytto_id LIMIT 1`,
        [acmsRecordNumber(several.local)],
      );
      expect(rows[0].avattu).toMatch(new RegExp(`^${several.openedMonth}-\\d\\d$`));
      expect(rows[0].muoto).not.toEqual(several.exploitations[0]!.form);
    } finally {
      await client.end();
    }
  });

  it('pages every ACMS case newest first through the gateway, and filters by status, form, age and month', async () => {
    const all = await pageAll({});
    expect(all.totalCount).toBe(generated.length);
    expect(all.ids).toEqual(newestFirst.map(idOf));

    const sexual = await pageAll({ exploitationForm: 'SEXUAL_EXPLOITATION' });
    const expectedSexual = newestFirst.filter((c) =>
      c.exploitations.some((e) => e.form === 'SEXUAL_EXPLOITATION'),
    );
    expect(sexual.ids).toEqual(expectedSexual.map(idOf));
    expect(sexual.totalCount).toBe(expectedSexual.length);

    const recentActiveMinors = await pageAll({ status: ['ACTIVE'], openedFrom: '2024-01', minor: true });
    expect(recentActiveMinors.ids).toEqual(
      newestFirst
        .filter((c) => c.status === 'ACTIVE' && c.openedMonth >= '2024-01' && c.minorAtExploitation === true)
        .map(idOf),
    );
  });

  it('binds its cursors to the country and the filter', async () => {
    const first: any = await postGraphql(gateway, PAGE_QUERY, { filter: { status: ['ACTIVE'] } });
    const cursor = first.data.cases[0].pageInfo.endCursor as string;
    const otherFilter = await postGraphql(gateway, PAGE_QUERY, {
      filter: { status: ['CLOSED'] },
      after: cursor,
    });
    expect(errorCodes(otherFilter)).toEqual(['INVALID_CURSOR']);
  });

  it('refuses ids, representations and countries of another country, called directly', async () => {
    const byId = await postGraphql(national, '{ case(id: "SE:Case:2023-000001") { id } }');
    expect(errorCodes(byId)).toEqual(['NOT_OWNED_BY_THIS_COUNTRY']);
    const first = idOf(generated[0]!);
    const entities = await postGraphql(
      national,
      `{ _entities(representations: [{ __typename: "Case", id: "${first}" }, { __typename: "Case", id: "SE:Case:2023-000001" }, { __typename: "Country", code: "SE" }]) { ... on Case { id } ... on Country { code } } }`,
    );
    expect((entities.data as any)._entities).toEqual([{ id: first }, null, null]);
    expect(errorCodes(entities)).toEqual(['NOT_OWNED_BY_THIS_COUNTRY', 'NOT_OWNED_BY_THIS_COUNTRY']);
    const scattered = await postGraphql(national, '{ cases(countries: [SE]) { country } }');
    expect(errorCodes(scattered)).toEqual(['NOT_OWNED_BY_THIS_COUNTRY']);
  });

  it("publishes ACMS's statistics through the cell-key perturbation: no count from 1 to 4, within 3 of the truth, the same cell the same value", async () => {
    const query = `{ countries { code statistics(year: 2023, groupBy: [EXPLOITATION_FORM, AGE_GROUP]) {
      exploitationForm ageGroup value perturbed maxDeviation suppressed threshold } } }`;
    const truth = new Map<string, number>();
    for (const c of generated) {
      if (!c.openedMonth.startsWith('2023') || !registered.has(c.identification.status)) continue;
      const key = `${c.exploitations[0]!.form}/${ageGroupOf(c.ageBand)}`;
      truth.set(key, (truth.get(key) ?? 0) + 1);
    }
    const answers = [await postGraphql(gateway, query), await postGraphql(gateway, query)] as any[];
    const rowsOf = (response: any) =>
      response.data.countries.find((c: { code: string }) => c.code === 'FI').statistics as any[];
    const rows = rowsOf(answers[0]);
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) {
      expect(row).toMatchObject({ perturbed: true, maxDeviation: 3, suppressed: false, threshold: 5 });
      expect(row.value >= 5).toBe(true);
      const expected = truth.get(`${row.exploitationForm}/${row.ageGroup}`) ?? 0;
      expect(Math.abs(row.value - expected)).toBeLessThanOrEqual(3);
    }
    // At least one small cell was moved: the figures are not the raw counts.
    expect(rows.some((r) => r.value !== truth.get(`${r.exploitationForm}/${r.ageGroup}`))).toBe(true);
    expect(rowsOf(answers[1])).toEqual(rows);
  });

  it('gives the same figures from a second service over the same ACMS: the record keys are kept by the database, not drawn by a process', async () => {
    const query = `{ _entities(representations: [{ __typename: "Country", code: "FI" }]) { ... on Country {
      statistics(year: 2023, yearTo: 2024, groupBy: [EXPLOITATION_GROUP, SEX]) { year exploitationGroup sex value } } } }`;
    const first: any = await postGraphql(national, query);
    const second = await startNationalOverAcms({ country: 'FI', database });
    try {
      const again: any = await postGraphql(`${second.url}/graphql`, query);
      expect(again.errors).toBeUndefined();
      expect(again.data).toEqual(first.data);
      expect(first.data._entities[0].statistics.length).toBeGreaterThan(3);
    } finally {
      await second.stop();
    }
  });

  it('writes each person-level read of an ACMS case to the audit log, with the declared purpose', async () => {
    const id = idOf(generated[5]!);
    const read = await postGraphql(gateway, `{ case(id: "${id}") { id } }`, undefined, {
      purpose: 'VICTIM_ASSISTANCE_CONTINUITY',
    });
    expect(read.errors).toBeUndefined();
    const auditor = await tokenFor({ country: 'FI', roles: ['AUDITOR'], subject: 'fi-dpo-acms' });
    const audit: any = await postGraphql(
      national,
      `query($id: ID) { auditEvents(country: FI, entityId: $id, first: 20) { nodes { actorId action entityIds purpose outcome resultCount } } }`,
      { id },
      { token: auditor },
    );
    expect(audit.errors).toBeUndefined();
    expect(audit.data.auditEvents.nodes).toContainEqual(
      expect.objectContaining({
        actorId: 'fi-test-coordinator',
        entityIds: [id],
        purpose: 'VICTIM_ASSISTANCE_CONTINUITY',
        outcome: 'ALLOWED',
        resultCount: 1,
      }),
    );
  });

  it("shows an assistance caseworker only the ACMS cases of their own unit (ACMS's vastuuyksikkö)", async () => {
    const own = await tokenFor({
      country: 'FI',
      roles: ['ASSISTANCE_CASEWORKER'],
      subject: 'fi-caseworker-acms',
      organisation: 'FI:Organisation:nas',
    });
    const seen = await pageAll({}, own);
    expect(seen.ids).toEqual(
      newestFirst.filter((c) => c.responsibleOrgId === 'FI:Organisation:nas').map(idOf),
    );
    const other = await tokenFor({
      country: 'FI',
      roles: ['ASSISTANCE_CASEWORKER'],
      subject: 'fi-caseworker-other',
      organisation: 'FI:Organisation:other-unit',
    });
    expect((await pageAll({}, other)).ids).toEqual([]);
    // A coordinator sees them all (the scope is the caller's, not the adapter's).
    expect((await pageAll({}, await coordinatorOf('FI'))).totalCount).toBe(generated.length);
  });

  it("keeps the network's assignment of an ACMS case in its side table, over ACMS's own unit, and changes nothing else of ACMS", async () => {
    const assigned = newestFirst[3]!;
    const id = idOf(assigned);
    const caseworker = await tokenFor({
      country: 'FI',
      roles: ['ASSISTANCE_CASEWORKER'],
      subject: 'fi-caseworker-assigned',
      organisation: 'FI:Organisation:assigned-unit',
    });
    const read = () => postGraphql(gateway, `{ case(id: "${id}") { id } }`, undefined, { token: caseworker });
    expect((await read()).data?.case).toBeNull();
    // What assignCase writes (tests of the mutation itself: test/security/caseworkerScope.test.ts).
    const client = new Client({ connectionString: database, options: '-c search_path=nordic' });
    await client.connect();
    try {
      await client.query(
        `UPDATE cases SET responsible_org_id = 'FI:Organisation:assigned-unit' WHERE id = $1`,
        [id],
      );
      await expect(client.query(`UPDATE cases SET status = 'CLOSED' WHERE id = $1`, [id])).rejects.toThrow(
        /ACMS cases are changed in ACMS/,
      );
      const { rows } = await client.query(
        'SELECT vastuuyksikko, tila FROM acms.tapaus WHERE diaarinumero = $1',
        [acmsRecordNumber(assigned.local)],
      );
      expect(rows).toEqual([
        {
          vastuuyksikko: assigned.responsibleOrgId?.split(':').pop() ?? null,
          tila: ACMS_CASE_STATUS[assigned.status],
        },
      ]);
    } finally {
      await client.end();
    }
    expect((await read()).data?.case).toEqual({ id });
  });

  it('refuses the domestic write API, which ACMS does itself, and changes nothing', async () => {
    const id = idOf(newestFirst[0]!);
    const read = () =>
      postGraphql(national, `{ case(id: "${id}") { id status closedMonth version } }`, undefined, {
        purpose: 'VICTIM_ASSISTANCE_CONTINUITY',
      });
    const before = await read();
    expect(before.errors).toBeUndefined();
    const response = await postGraphql(
      national,
      `mutation { closeCase(id: "${id}", expectedVersion: 1, closedMonth: "2025-06", idempotencyKey: "acms-close-1") { id } }`,
      undefined,
      { purpose: 'VICTIM_ASSISTANCE_CONTINUITY' },
    );
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    expect(response.errors?.[0]?.message).toMatch(
      /registers and updates its cases in its own case-management system/,
    );
    expect(await read()).toEqual(before);
  });

  it('refuses to open a case from a referral, which ACMS registers itself, before asking the sender', async () => {
    const response = await postGraphql(
      national,
      'mutation { openCaseFromReferral(country: FI, referralId: "SE:Referral:2024-000001") { id } }',
      undefined,
      { purpose: 'CROSS_BORDER_REFERRAL' },
    );
    expect(errorCodes(response)).toEqual(['INVALID_REFERRAL_TRANSITION']);
    expect(response.errors?.[0]?.message).toMatch(
      /FI registers its cases in its own case-management system, which the network does not write/,
    );
  });
});

describe('starting the national service over ACMS', () => {
  it('refuses to start over ACMS codes its mapping lacks, and names them and the file to extend', async () => {
    const database = await loadAcmsDatabase('nordic_test_acms_is', 'IS', '2024-2024');
    const client = new Client({ connectionString: database });
    await client.connect();
    await client.query(`UPDATE acms.hyvaksikaytto SET muoto = 'VANHA_KOODI' WHERE hyvaksikaytto_id = 1`);
    await client.end();
    const start = startNationalOverAcms({ country: 'IS', database });
    await expect(start).rejects.toThrow(
      /acms\.hyvaksikaytto\.muoto 'VANHA_KOODI'; add them to subgraphs\/national\/src\/adapters\/legacyAcms\/codeMaps\.ts/,
    );
  });

  it('is migrated as a deployment step like the reference store: npm run migrate -- --store legacy-acms', async () => {
    const database = await loadAcmsDatabase('nordic_test_acms_migrate', 'IS', '2024-2024');
    await expect(
      startNationalOverAcms({
        country: 'IS',
        database,
        extraArgs: ['--migrate-on-start', 'false'],
      }),
    ).rejects.toThrow(
      /schema is behind this release .*npm run migrate -- --country IS --database \S+ --store legacy-acms/,
    );
    const migrated = await runScript('subgraphs/national/dist/database/migrateCli.js', [
      '--country',
      'IS',
      '--database',
      database,
      '--store',
      'legacy-acms',
    ]);
    expect(migrated).toMatchObject({ code: 0 });
    const started = await startNationalOverAcms({
      country: 'IS',
      database,
      extraArgs: ['--migrate-on-start', 'false'],
    });
    await started.stop();
  });
});

describe('choosing the store', () => {
  it('refuses STORE=legacy-acms without a PostgreSQL database, and a store it does not know, naming the fix', () => {
    expect(() =>
      loadNationalConfig(
        ['--country', 'FI', '--store', 'legacy-acms', '--database', 'sqlite:/tmp/fi.sqlite'],
        {},
      ),
    ).toThrow(/must be the postgres:\/\/… URL of the legacy system's database with STORE=legacy-acms/);
    expect(() => loadNationalConfig(['--country', 'FI', '--store', 'acms'], {})).toThrow(
      /must be reference or legacy-acms.*set STORE \(or pass --store\)/s,
    );
  });
});
