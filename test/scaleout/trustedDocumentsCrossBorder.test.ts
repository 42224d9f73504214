import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestOperation, sha256Hex } from '../../gateway/src/persistedQueries/manifest';
import { coordinatorOf } from '../support/auth';
import { errorCodes, type GraphqlResponse, postGraphql } from '../support/graphql';
import { NordicNetwork } from '../support/nordicNetwork';
import { tempDir } from '../support/services';

/** A caseworker application's own operations, registered by its operator in the gateway's manifest. */
const FINNISH_CASES = `query FinnishCases { cases(countries: [FI], first: 5, filter: { status: [ACTIVE] }) { nodes { id } } }`;
const CREATE = `mutation SendReferral($caseId: ID!, $request: ReferralRequest!, $key: String!) {
  createReferral(caseId: $caseId, request: $request, idempotencyKey: $key) { id status toOrganisation { id } }
}`;
const ACCEPT = `mutation AcceptReferral($id: ID!, $key: String!) {
  respondToReferral(id: $id, decision: ACCEPT, idempotencyKey: $key) { id status destinationCase { id } }
}`;

/**
 * A gateway in trusted-documents mode runs only its manifest's operations — and the operations national
 * services send through it to take cross-border steps, which are no client's. Without those, accepting
 * a referral (Finland asks Sweden to open its case; Sweden reads the referral back from Finland) and
 * addressing one (Finland asks the directory) would be refused although the client's own operations are
 * registered.
 */
describe('cross-border steps through a gateway in trusted-documents mode', () => {
  const dir = tempDir('trusted-crossborder');
  const manifest = join(dir, 'manifest.json');
  writeFileSync(
    manifest,
    JSON.stringify({
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [FINNISH_CASES, CREATE, ACCEPT].map(manifestOperation),
    }),
  );
  const network = new NordicNetwork({
    backend: 'sqlite',
    gatewayEnv: { GATEWAY_TRUSTED_DOCUMENTS: manifest },
  });
  let fi: string;
  let se: string;

  beforeAll(async () => {
    await network.start();
    [fi, se] = await Promise.all([coordinatorOf('FI'), coordinatorOf('SE')]);
  }, 180_000);
  afterAll(() => network.stop());

  /** A registered operation, sent by id only, as a dashboard or application in production does. */
  async function registered(
    token: string,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphqlResponse> {
    const response = await fetch(network.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-purpose': 'CROSS_BORDER_REFERRAL',
      },
      body: JSON.stringify({
        variables,
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(query) } },
      }),
    });
    return { status: response.status, ...((await response.json()) as Omit<GraphqlResponse, 'status'>) };
  }

  it('refuses an operation that is not registered', async () => {
    const other = await postGraphql(network.gatewayUrl, '{ countries { code } }', undefined, { token: fi });
    expect(errorCodes(other)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
  });

  it('sends a referral addressed to a Swedish organisation and accepts it: every step across the border runs', async () => {
    const cases = await registered(fi, FINNISH_CASES);
    expect(cases.errors).toBeUndefined();
    const caseId = (cases.data?.cases as any[])[0].nodes[0].id as string;
    const created = await registered(fi, CREATE, {
      caseId,
      request: {
        toCountry: 'SE',
        toOrganisationId: 'SE:Organisation:nsp',
        reason: 'MIGRATION_OR_CHANGE_OF_LOCATION',
        urgency: 'ROUTINE',
        needs: ['SAFE_ACCOMMODATION'],
        legalBasis: 'GDPR_6_1_E',
        consentRecorded: true,
      },
      key: randomUUID(),
    });
    expect(created.errors).toBeUndefined();
    const referral = created.data?.createReferral as { id: string; toOrganisation: { id: string } };
    expect(referral.toOrganisation).toEqual({ id: 'SE:Organisation:nsp' });

    const accepted = await registered(se, ACCEPT, { id: referral.id, key: randomUUID() });
    expect(accepted.errors).toBeUndefined();
    expect((accepted.data?.respondToReferral as any).status).toBe('ACCEPTED');
    const opened = await network.sql('SE', 'SELECT id FROM cases WHERE origin_referral_id = $1', [
      referral.id,
    ]);
    expect(opened).toEqual([{ id: (accepted.data?.respondToReferral as any).destinationCase.id }]);
  });
});
