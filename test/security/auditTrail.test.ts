import Database from 'better-sqlite3';
import { join } from 'node:path';
import { countryKeyEnvironment, tokenFor } from '../support/auth';
import { errorCodes, postGraphql } from '../support/graphql';
import { type RunningProcess, runScript, startNational, tempDir } from '../support/services';

const AUDIT_QUERY = `query($entityId: ID, $outcome: AccessOutcome) {
  auditEvents(country: FI, entityId: $entityId, outcome: $outcome, first: 20) {
    nodes { id at actorId actorCountry role action entityType entityIds purpose servingCountry crossBorder resultCount outcome reason traceId queryHash hash }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Every access to person-level data is written to the owning country's audit log, before the answer leaves. */
describe("Finland's audit trail", () => {
  const dir = tempDir('audit-trail');
  const database = `sqlite:${join(dir, 'fi.sqlite')}`;
  let finland: RunningProcess;
  let url: string;
  let auditor: string;
  let caseId: string;

  beforeAll(async () => {
    finland = await startNational({ country: 'FI', database });
    url = `${finland.url}/graphql`;
    auditor = await tokenFor({ country: 'FI', roles: ['AUDITOR'], subject: 'fi-dpo-1' });
    // A Finnish case linked to a Swedish one, so that a Swedish coordinator may read it.
    const linked = await postGraphql(
      `${finland.url}/crossborder/graphql`,
      '{ caseLinks(with: [SE]) { caseA { id } } }',
    );
    caseId = (linked.data?.caseLinks as any[])[0].caseA.id;
  });

  afterAll(() => finland?.stop());

  async function eventsFor(entityId: string, outcome?: string) {
    const response = await postGraphql(url, AUDIT_QUERY, { entityId, outcome }, { token: auditor });
    expect(response.errors).toBeUndefined();
    return (response.data?.auditEvents as any).nodes as any[];
  }

  it("records who read a case, from which country, for which declared purpose, under the request's trace id", async () => {
    const swede = await tokenFor({
      country: 'SE',
      roles: ['NATIONAL_COORDINATOR'],
      subject: 'se-coordinator-7',
    });
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${swede}`,
        'x-purpose': 'VICTIM_ASSISTANCE_CONTINUITY',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      },
      body: JSON.stringify({ query: `{ case(id: "${caseId}") { id status } }` }),
    });
    expect(response.status).toBe(200);
    const [event] = (await eventsFor(caseId)).filter((e) => e.actorId === 'se-coordinator-7');
    expect(event).toMatchObject({
      actorCountry: 'SE',
      role: 'NATIONAL_COORDINATOR',
      action: 'READ_UNIT',
      entityType: 'Case',
      entityIds: [caseId],
      purpose: 'VICTIM_ASSISTANCE_CONTINUITY',
      servingCountry: 'FI',
      crossBorder: true,
      resultCount: 1,
      outcome: 'ALLOWED',
      traceId: '0af7651916cd43dd8448eb211c80319c',
    });
    expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('records a batch of entity references as one event naming every case', async () => {
    const page = await postGraphql(url, '{ cases(first: 30) { nodes { id } } }');
    const ids = ((page.data?.cases as any[])[0].nodes as any[]).map((n) => n.id);
    const reader = await tokenFor({
      country: 'FI',
      roles: ['ASSISTANCE_CASEWORKER'],
      organisation: 'FI:Organisation:nas',
      subject: 'fi-caseworker-batch',
    });
    await postGraphql(
      url,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id } } }',
      { r: ids.map((id: string) => ({ __typename: 'Case', id })) },
      { token: reader },
    );
    const events = (await eventsFor(ids[29])).filter((e) => e.actorId === 'fi-caseworker-batch');
    expect(events).toHaveLength(1);
    expect(events[0].entityIds.sort()).toEqual([...ids].sort());
    expect(events[0].resultCount).toBe(30);
  });

  it("records a refused request for another country's record as DENIED, with the refusal's code", async () => {
    const response = await postGraphql(url, '{ case(id: "SE:Case:2023-000001") { id } }');
    expect(errorCodes(response)).toEqual(['NOT_OWNED_BY_THIS_COUNTRY']);
    const [denied] = await eventsFor('SE:Case:2023-000001', 'DENIED');
    expect(denied).toMatchObject({
      outcome: 'DENIED',
      reason: 'NOT_OWNED_BY_THIS_COUNTRY',
      resultCount: 0,
      actorCountry: 'FI',
    });
  });

  it('returns no data when the access cannot be audited (no unaudited read)', async () => {
    // Make the audit table refuse writes, as a full disk or a revoked grant would.
    const file = database.slice('sqlite:'.length);
    const db = new Database(file);
    db.exec(
      "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END;",
    );
    try {
      const response = await postGraphql(url, `{ case(id: "${caseId}") { id status subject { sex } } }`);
      expect(response.status).toBe(503);
      expect(errorCodes(response)).toEqual(['AUDIT_UNAVAILABLE']);
      expect(response.data).toBeUndefined();
    } finally {
      db.exec('DROP TRIGGER refuse_audit');
      db.close();
    }
    const afterwards = await postGraphql(url, `{ case(id: "${caseId}") { id } }`);
    expect(afterwards.data?.case).toEqual({ id: caseId });
  });

  it('lets only its own auditors read the log, and records the refusal', async () => {
    for (const token of [
      await tokenFor({ country: 'FI', roles: ['NATIONAL_COORDINATOR'], subject: 'fi-curious-coordinator' }),
      await tokenFor({ country: 'SE', roles: ['AUDITOR'], subject: 'se-auditor' }),
    ]) {
      const response = await postGraphql(url, AUDIT_QUERY, {}, { token });
      expect(errorCodes(response)).toEqual(['FORBIDDEN']);
      expect(response.errors?.[0]?.message).toMatch(/Query.auditEvents: only auditors of FI/);
      expect(response.data).toBeNull();
    }
    const refusals = (await postGraphql(url, AUDIT_QUERY, { outcome: 'DENIED' }, { token: auditor })).data
      ?.auditEvents as any;
    const actors = refusals.nodes
      .filter((e: any) => e.entityType === 'AuditEvent')
      .map((e: any) => e.actorId);
    expect(actors).toEqual(expect.arrayContaining(['fi-curious-coordinator', 'se-auditor']));
  });

  it('keeps an intact chain that audit:verify confirms with the chain key (tampering and checkpoints: see test/national/auditLog.test.ts, test/security/auditCheckpoints.test.ts)', async () => {
    const intact = await runScript(
      'subgraphs/national/dist/audit/cli.js',
      ['verify', '--country', 'FI', '--database', database],
      countryKeyEnvironment('FI'),
    );
    expect(intact.output).toMatch(/fine: chain: [1-9]\d* events, every hash verifies with the chain key/);
    expect(intact.output).toMatch(/audit log of FI intact\n$/);
    expect(intact.code).toBe(0);
    // With another country's chain key (someone without FI's key), the same log does not verify.
    const keyless = await runScript(
      'subgraphs/national/dist/audit/cli.js',
      ['verify', '--country', 'FI', '--database', database],
      { AUDIT_CHAIN_KEY_FILE: countryKeyEnvironment('SE').AUDIT_CHAIN_KEY_FILE },
    );
    expect(keyless.output).toMatch(/REWRITE: event seq 1: hash mismatch/);
    expect(keyless.code).toBe(1);
  });
});
