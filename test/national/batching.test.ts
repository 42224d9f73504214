import { join } from 'node:path';
import type { Logger } from 'typeorm';
import { loadLinkageKey } from '../../subgraphs/national/src/matching/linkageKeyConfig';
import { startNationalService, type NationalService } from '../../subgraphs/national/src/service';
import { loadAuditSettings } from '../../subgraphs/national/src/audit/auditSettings';
import { countryKeyEnvironment } from '../support/auth';
import { coordinatorOf } from '../support/auth';
import { postGraphql } from '../support/graphql';
import { tempDir } from '../support/services';

/** Counts the SQL statements the service sends, through TypeORM's logger hook. */
class CountingLogger implements Logger {
  queries: string[] = [];
  logQuery(query: string) {
    this.queries.push(query);
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}

describe('entity references are resolved in batches', () => {
  let service: NationalService;
  const logger = new CountingLogger();

  beforeAll(async () => {
    service = await startNationalService(
      {
        country: 'IS',
        host: '127.0.0.1',
        port: 0,
        databaseUrl: `sqlite:${join(tempDir('batching'), 'is.sqlite')}`,
        suppressionThreshold: 5,
        perturbationMaxDeviation: 3,
        statSource: 'ASSISTANCE_SYSTEM',
        seedIfEmpty: true,
        seedYears: '2019-2025',
        seedScale: 1,
        gatewayUrl: null,
        migrateOnStart: true,
        matchRequestsPerHour: 20,
        matchLookupsPerHourPerCountry: 300,
        rapporteurCaseAccess: true,
        // The test run's linkage key (LINKAGE_KEY_FILE, set for every test by the setup).
        linkageKey: loadLinkageKey(),
        // The test run's IS audit-chain and service keys; no checkpoints are published.
        audit: loadAuditSettings('IS', { ...process.env, ...countryKeyEnvironment('IS') }),
      },
      { logger },
    );
  });

  afterAll(() => service?.close());

  async function queriesFor(representations: number): Promise<number> {
    const icelandic = { token: await coordinatorOf('IS') };
    const page: any = await postGraphql(
      `${service.url}/graphql`,
      `{ cases(first: 100) { nodes { id } } }`,
      undefined,
      icelandic,
    );
    const ids = (page.data.cases[0].nodes as { id: string }[]).slice(0, representations).map((n) => n.id);
    expect(ids.length).toBe(representations);
    logger.queries = [];
    const response: any = await postGraphql(
      `${service.url}/graphql`,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id exploitations { form } events { country } referrals { id toCountry } } } }`,
      { r: ids.map((id) => ({ __typename: 'Case', id })) },
      icelandic,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data._entities.map((e: any) => e.id)).toEqual(ids);
    // The audit trail's own writes are counted separately: here only the reads of the case data matter.
    return logger.queries.filter((q) => !/audit_event|BEGIN|COMMIT|SAVEPOINT|RELEASE/i.test(q)).length;
  }

  it('sends the same number of SQL statements for 3 cases as for 90 (no query per representation)', async () => {
    const few = await queriesFor(3);
    const many = await queriesFor(90);
    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(6); // cases + 4 child tables + referrals
  });
});
