import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../subgraphs/national/src/database/dataSource';
import { coordinatorOf, tokenFor } from '../support/auth';
import { type GraphqlResponse, errorCodes, postGraphql } from '../support/graphql';
import { recreateDatabase } from '../support/postgres';
import { type RunningProcess, startNational, tempDir } from '../support/services';

/*
 * The domestic case writes against a Finnish national service reached directly (an attacker's view:
 * no gateway in between), with tokens of every role: who may write, what is audited, validation,
 * idempotency and optimistic concurrency, and that a written case is read and counted like any other.
 */

const CASE = `id version status openedMonth closedMonth
  subject { sex ageBandAtIdentification minorAtExploitation citizenship }
  identification { status decidedMonth }
  exploitations { form country } events { type country month } assistance { type status }
  responsibleOrganisation { id }`;

const REGISTER = `mutation Register($country: CountryCode!, $input: CaseInput!, $identity: PersonIdentityInput, $key: String!) {
  registerCase(country: $country, input: $input, identity: $identity, idempotencyKey: $key) { ${CASE} }
}`;
const UPDATE = `mutation Update($id: ID!, $version: Int!, $input: CaseInput!, $identity: PersonIdentityInput, $key: String!) {
  updateCase(id: $id, expectedVersion: $version, input: $input, identity: $identity, idempotencyKey: $key) { ${CASE} }
}`;
const EVENT = `mutation Event($id: ID!, $version: Int!, $event: CaseEventInput!, $key: String!) {
  recordCaseEvent(id: $id, expectedVersion: $version, event: $event, idempotencyKey: $key) { ${CASE} }
}`;
const CLOSE = `mutation Close($id: ID!, $version: Int!, $month: YearMonth!, $key: String!) {
  closeCase(id: $id, expectedVersion: $version, closedMonth: $month, idempotencyKey: $key) { ${CASE} }
}`;
const REOPEN = `mutation Reopen($id: ID!, $version: Int!, $key: String!) {
  reopenCase(id: $id, expectedVersion: $version, idempotencyKey: $key) { ${CASE} }
}`;
const AUDIT = `query Audit($entityId: ID!) {
  auditEvents(country: FI, entityId: $entityId, first: 100) { nodes { action outcome reason role changedFields entityIds } }
}`;

const NAS = 'FI:Organisation:nas';
const year = new Date().getUTCFullYear();
const thisMonth = new Date().toISOString().slice(0, 7);

export const caseInput = (extra: Record<string, unknown> = {}) => ({
  registeringOrgType: 'NGO',
  openedMonth: `${year}-01`,
  status: 'ACTIVE',
  sex: 'FEMALE',
  ageBand: 'A24_26',
  citizenship: ['UA'],
  identification: { status: 'PRESUMED', decidedByOrgType: 'POLICE', decidedMonth: `${year}-01` },
  exploitations: [{ form: 'FORCED_LABOUR_OR_SERVICES', country: 'FI', fromMonth: `${year - 1}-06` }],
  events: [{ type: 'RECRUITMENT', country: 'UA', month: `${year - 1}-05` }],
  ...extra,
});
const identity = {
  familyName: 'Kovalenko',
  givenNames: 'Olena',
  birthYearMonth: `${year - 25}-01`,
  travelDocumentNumber: 'FX1234567',
};

type Backend = 'SQLite' | 'PostgreSQL';

describe.each<Backend>(['SQLite', 'PostgreSQL'])(
  'domestic case writes on a national service (%s)',
  (backend) => {
    let finland: RunningProcess;
    let database: string;
    let store: DataSource;
    const tokens: Record<string, string> = {};

    beforeAll(async () => {
      database =
        backend === 'SQLite'
          ? `sqlite:${join(tempDir('case-writes'), 'fi.sqlite')}`
          : await recreateDatabase('case_writes_fi');
      finland = await startNational({ country: 'FI', database, seed: false });
      store = createDataSource({ url: database });
      await store.initialize();
      const token = (country: string, roles: string[], organisation?: string) =>
        tokenFor({
          country,
          roles: roles as never,
          organisation,
          subject: `${country}-${roles.join('-')}-${organisation ?? ''}`,
        });
      [
        tokens.coordinator,
        tokens.caseworker,
        tokens.otherCaseworker,
        tokens.orglessCaseworker,
        tokens.swedishCoordinator,
        tokens.swedishCaseworker,
        tokens.analyst,
        tokens.police,
        tokens.auditor,
      ] = await Promise.all([
        coordinatorOf('FI'),
        token('FI', ['ASSISTANCE_CASEWORKER'], NAS),
        token('FI', ['ASSISTANCE_CASEWORKER'], 'FI:Organisation:other-ngo'),
        token('FI', ['ASSISTANCE_CASEWORKER']),
        coordinatorOf('SE'),
        token('SE', ['ASSISTANCE_CASEWORKER'], 'SE:Organisation:nsp'),
        token('FI', ['ANALYST']),
        token('FI', ['POLICE_LIAISON']),
        token('FI', ['AUDITOR']),
      ]);
    }, 120_000);

    afterAll(async () => {
      await store?.destroy();
      await finland?.stop();
    });

    const url = () => `${finland.url}/graphql`;
    const as = (token: string, query: string, variables: Record<string, unknown>, purpose?: string | null) =>
      postGraphql(url(), query, variables, { token, purpose });
    const caseCount = async () => Number((await store.query('SELECT COUNT(*) AS n FROM cases'))[0].n);
    const auditOf = async (entityId: string) =>
      ((await as(tokens.auditor as string, AUDIT, { entityId }, 'AUDIT')).data?.auditEvents?.nodes ?? []) as {
        action: string;
        outcome: string;
        reason: string | null;
        role: string;
        changedFields: string[];
      }[];
    const register = async (token: string, extra: Record<string, unknown> = {}, withIdentity = false) =>
      as(token, REGISTER, {
        country: 'FI',
        input: caseInput(extra),
        identity: withIdentity ? identity : null,
        key: randomUUID(),
      });
    const registered = async (token: string, extra: Record<string, unknown> = {}) => {
      const answer = await register(token, extra);
      expect(answer.errors).toBeUndefined();
      return answer.data?.registerCase as { id: string; version: number };
    };

    it('a coordinator registers a case with a national-only identity: read back, audited by field names only', async () => {
      const answer = await register(tokens.coordinator as string, { responsibleOrgId: NAS }, true);
      expect(answer.errors).toBeUndefined();
      const created = answer.data?.registerCase;
      expect(created).toMatchObject({
        id: expect.stringMatching(new RegExp(`^FI:Case:${year}-\\d{6}$`)),
        version: 1,
        status: 'ACTIVE',
        subject: { sex: 'FEMALE', ageBandAtIdentification: 'A24_26', citizenship: ['UA'] },
        responsibleOrganisation: { id: NAS },
      });
      // Read like any other case.
      const read = await as(tokens.coordinator as string, `query($id: ID!) { case(id: $id) { ${CASE} } }`, {
        id: created.id,
      });
      expect(read.data?.case).toEqual(created);
      // The identity is in the identity table with its match tokens, and nowhere in the audit log.
      const [person] = await store.query(
        `SELECT p.family_name, (SELECT COUNT(*) FROM match_tokens t WHERE t.case_seq = p.case_seq) AS tokens
         FROM person_identities p JOIN cases c ON c.seq = p.case_seq WHERE c.id = '${created.id}'`,
      );
      expect(person.family_name).toBe('Kovalenko');
      expect(Number(person.tokens)).toBe(2);
      const events = await auditOf(created.id);
      const write = events.find((e) => e.action === 'WRITE');
      expect(write).toMatchObject({ outcome: 'ALLOWED', role: 'NATIONAL_COORDINATOR' });
      expect(write?.changedFields).toEqual(
        expect.arrayContaining([
          'sex',
          'ageBand',
          'exploitations',
          'identity.familyName',
          'identity.travelDocumentNumber',
        ]),
      );
      const log = JSON.stringify(await store.query('SELECT * FROM audit_events'));
      for (const value of ['Kovalenko', 'Olena', 'FX1234567', `${year - 25}-01`])
        expect(log).not.toContain(value);
    });

    it("a caseworker registers for their own organisation, and may not register for another's", async () => {
      const own = await registered(tokens.caseworker as string);
      expect(own).toMatchObject({ responsibleOrganisation: { id: NAS } });
      const before = await caseCount();
      const other = await register(tokens.caseworker as string, {
        responsibleOrgId: 'FI:Organisation:other-ngo',
      });
      expect(errorCodes(other)).toEqual(['FORBIDDEN']);
      expect(await caseCount()).toBe(before);
    });

    it('refuses every caller the policy does not name, audited as DENIED WRITE, changing nothing', async () => {
      const target = await registered(tokens.coordinator as string, { responsibleOrgId: NAS });
      const before = await caseCount();
      const update = (token: string, purpose?: string | null) =>
        as(
          token,
          UPDATE,
          { id: target.id, version: 1, input: caseInput({ sex: 'MALE' }), key: randomUUID() },
          purpose,
        );
      const refusals: [string, GraphqlResponse, string][] = [
        ['caseworker of another organisation', await update(tokens.otherCaseworker as string), 'FORBIDDEN'],
        ['caseworker without organisation', await update(tokens.orglessCaseworker as string), 'FORBIDDEN'],
        ['coordinator of another country', await update(tokens.swedishCoordinator as string), 'FORBIDDEN'],
        ['caseworker of another country', await update(tokens.swedishCaseworker as string), 'FORBIDDEN'],
        ['analyst', await update(tokens.analyst as string), 'FORBIDDEN'],
        ['police liaison', await update(tokens.police as string), 'FORBIDDEN'],
        ['coordinator without purpose', await update(tokens.coordinator as string, null), 'PURPOSE_REQUIRED'],
        [
          'coordinator, another purpose',
          await update(tokens.coordinator as string, 'DUPLICATE_CHECK'),
          'PURPOSE_NOT_ALLOWED',
        ],
        [
          'foreign coordinator registering',
          await as(tokens.swedishCoordinator as string, REGISTER, {
            country: 'FI',
            input: caseInput(),
            key: randomUUID(),
          }),
          'FORBIDDEN',
        ],
        [
          'analyst registering',
          await as(tokens.analyst as string, REGISTER, {
            country: 'FI',
            input: caseInput(),
            key: randomUUID(),
          }),
          'FORBIDDEN',
        ],
        [
          'a case of another country on this service',
          await as(tokens.coordinator as string, REGISTER, {
            country: 'SE',
            input: caseInput(),
            key: randomUUID(),
          }),
          'NOT_OWNED_BY_THIS_COUNTRY',
        ],
      ];
      for (const [who, answer, code] of refusals) {
        expect([who, errorCodes(answer)]).toEqual([who, [code]]);
        expect([who, answer.data?.registerCase ?? answer.data?.updateCase ?? null]).toEqual([who, null]);
      }
      expect(await caseCount()).toBe(before);
      const [row] = await store.query(`SELECT sex, version FROM cases WHERE id = '${target.id}'`);
      expect(row).toMatchObject({ sex: 'FEMALE', version: 1 });
      const denied = (await auditOf(target.id)).filter((e) => e.action === 'WRITE' && e.outcome === 'DENIED');
      expect(denied.map((e) => e.reason).sort()).toEqual(
        [
          'FORBIDDEN',
          'FORBIDDEN',
          'FORBIDDEN',
          'FORBIDDEN',
          'FORBIDDEN',
          'FORBIDDEN',
          'PURPOSE_NOT_ALLOWED',
          'PURPOSE_REQUIRED',
        ].sort(),
      );
    });

    it('names the field and the fix of every problem, and writes nothing', async () => {
      const before = await caseCount();
      const bad = async (extra: Record<string, unknown>, withIdentity = false) => {
        const answer = await register(tokens.coordinator as string, extra, withIdentity);
        expect(errorCodes(answer)).toEqual(['BAD_USER_INPUT']);
        return answer.errors?.[0] as { message: string; extensions: Record<string, any> };
      };
      const closedEarly = await bad({ status: 'CLOSED', closedMonth: `${year - 1}-12` });
      expect(closedEarly.extensions.field).toBe('input.closedMonth');
      expect(closedEarly.message).toContain('before openedMonth');
      expect((await bad({ openedMonth: `${year + 1}-01` })).extensions.problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'input.openedMonth', code: 'FUTURE_MONTH' }),
        ]),
      );
      const age = await bad({ ageBand: 'A48_PLUS' }, true);
      expect(age.extensions).toMatchObject({ field: 'input.ageBand', problem: 'INCONSISTENT' });
      expect(age.message).toContain('give ageBand A24_26');
      const minor = await bad({ ageBand: 'A9_17', minorAtExploitation: false });
      expect(minor.extensions.field).toBe('input.minorAtExploitation');
      const nuts = await bad({ events: [{ type: 'TRANSIT', country: 'SE', nuts2: 'FI1B' }] });
      expect(nuts.extensions.field).toBe('input.events[0].nuts2');
      // A code outside the contract's lists is refused by GraphQL itself, naming where.
      const country = await register(tokens.coordinator as string, {
        events: [{ type: 'TRANSIT', country: 'XX' }],
      });
      expect(errorCodes(country)).toEqual(['BAD_USER_INPUT']);
      expect(country.errors?.[0]?.message).toContain('input.events[0].country');
      expect(await caseCount()).toBe(before);
    });

    it('gives cases registered at the same time distinct ids, refusing none', async () => {
      const before = await caseCount();
      const answers = await Promise.all(
        Array.from({ length: 12 }, () => register(tokens.coordinator as string)),
      );
      expect(answers.flatMap((a) => a.errors ?? [])).toEqual([]);
      const ids = answers.map((a) => (a.data?.registerCase as { id: string }).id);
      expect(new Set(ids).size).toBe(12);
      expect(await caseCount()).toBe(before + 12);
    });

    it('is idempotent under retry and refuses a reused key for another request', async () => {
      const key = randomUUID();
      const variables = { country: 'FI', input: caseInput(), key };
      const first = await as(tokens.coordinator as string, REGISTER, variables);
      const before = await caseCount();
      const again = await as(tokens.coordinator as string, REGISTER, variables);
      expect(again.data?.registerCase).toEqual(first.data?.registerCase);
      expect(await caseCount()).toBe(before);
      const other = await as(tokens.coordinator as string, REGISTER, {
        ...variables,
        input: caseInput({ sex: 'MALE' }),
      });
      expect(errorCodes(other)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
      expect(await caseCount()).toBe(before);
    });

    it('updates, records events, closes and reopens against the version; a stale version is CONFLICT and changes nothing', async () => {
      const created = await registered(tokens.caseworker as string);
      const updated = await as(tokens.caseworker as string, UPDATE, {
        id: created.id,
        version: 1,
        input: caseInput({ sex: 'UNKNOWN' }),
        key: randomUUID(),
      });
      expect(updated.errors).toBeUndefined();
      expect(updated.data?.updateCase).toMatchObject({
        version: 2,
        subject: { sex: 'UNKNOWN' },
        responsibleOrganisation: { id: NAS },
      });

      const stale = await as(tokens.coordinator as string, UPDATE, {
        id: created.id,
        version: 1,
        input: caseInput({ sex: 'MALE' }),
        key: randomUUID(),
      });
      expect(errorCodes(stale)).toEqual(['CONFLICT']);
      expect(stale.errors?.[0]?.extensions).toMatchObject({ currentVersion: 2 });
      const [row] = await store.query(`SELECT sex, version FROM cases WHERE id = '${created.id}'`);
      expect(row).toMatchObject({ sex: 'UNKNOWN', version: 2 });

      const event = await as(tokens.caseworker as string, EVENT, {
        id: created.id,
        version: 2,
        event: { traffickingEvent: { type: 'TRANSIT', country: 'PL', month: `${year - 1}-05` } },
        key: randomUUID(),
      });
      expect(event.data?.recordCaseEvent).toMatchObject({
        version: 3,
        events: [{ type: 'RECRUITMENT' }, { type: 'TRANSIT', country: 'PL' }],
      });
      const two = await as(tokens.caseworker as string, EVENT, {
        id: created.id,
        version: 3,
        event: {
          traffickingEvent: { type: 'TRANSIT', country: 'PL' },
          assistance: null,
          indicator: { indicator: 'DEBT_BONDAGE', observedByOrgType: 'NGO', month: thisMonth },
        },
        key: randomUUID(),
      });
      expect(errorCodes(two)).toEqual(['BAD_USER_INPUT']);

      const early = await as(tokens.caseworker as string, CLOSE, {
        id: created.id,
        version: 3,
        month: `${year - 2}-01`,
        key: randomUUID(),
      });
      expect(errorCodes(early)).toEqual(['BAD_USER_INPUT']);
      expect(early.errors?.[0]?.extensions?.field).toBe('closedMonth');
      const closed = await as(tokens.caseworker as string, CLOSE, {
        id: created.id,
        version: 3,
        month: thisMonth,
        key: randomUUID(),
      });
      expect(closed.data?.closeCase).toMatchObject({ version: 4, status: 'CLOSED', closedMonth: thisMonth });
      const reopened = await as(tokens.coordinator as string, REOPEN, {
        id: created.id,
        version: 4,
        key: randomUUID(),
      });
      expect(reopened.data?.reopenCase).toMatchObject({ version: 5, status: 'ACTIVE', closedMonth: null });

      const writes = (await auditOf(created.id)).filter(
        (e) => e.action === 'WRITE' && e.outcome === 'ALLOWED',
      );
      expect(writes.map((e) => e.changedFields)).toEqual(
        expect.arrayContaining([['sex'], ['events'], ['closedMonth', 'status']]),
      );
      const conflict = (await auditOf(created.id)).find((e) => e.reason === 'CONFLICT');
      expect(conflict).toMatchObject({ action: 'WRITE', outcome: 'DENIED' });
    });

    it('counts registered cases in the statistics, perturbed like any other', async () => {
      const statistics = `{ _entities(representations: [{ __typename: "Country", code: "FI" }]) {
      ... on Country { statistics(year: ${year}) { value maxDeviation suppressed } } } }`;
      const total = async () => {
        const answer = await as(tokens.analyst as string, statistics, {}, null);
        expect(answer.errors).toBeUndefined();
        return answer.data?._entities[0].statistics[0] as { value: number; maxDeviation: number };
      };
      for (let i = 0; i < 6; i += 1) await registered(tokens.coordinator as string);
      const registeredNow = Number(
        (
          await store.query(
            `SELECT COUNT(*) AS n FROM cases WHERE opened_year = ${year} AND identification_status = 'PRESUMED'`,
          )
        )[0].n,
      );
      expect(registeredNow).toBeGreaterThan(0);
      const cell = await total();
      expect(Math.abs(cell.value - registeredNow)).toBeLessThanOrEqual(cell.maxDeviation);
    });
  },
);
