import { randomUUID } from 'node:crypto';
import { coordinatorOf, tokenFor } from '../support/auth';
import { type GraphqlResponse, errorCodes, postGraphql } from '../support/graphql';
import { type Backend, NordicNetwork } from '../support/nordicNetwork';

const REFERRAL = `id fromCountry toCountry status reason urgency responseNote expiresAt
  sharedPayload { sex ageBand exploitationForms needs minor safetyRiskLevel }
  destinationCase { id }`;

const CREATE = `mutation Create($caseId: ID!, $request: ReferralRequest!, $key: String!) {
  createReferral(caseId: $caseId, request: $request, idempotencyKey: $key) { ${REFERRAL} }
}`;

const RESPOND = `mutation Respond($id: ID!, $decision: ReferralDecision!, $note: String, $key: String!) {
  respondToReferral(id: $id, decision: $decision, note: $note, idempotencyKey: $key) { ${REFERRAL} }
}`;

const WITHDRAW = `mutation Withdraw($id: ID!, $key: String!) {
  withdrawReferral(id: $id, idempotencyKey: $key) { id status }
}`;

const AUDIT = `query Audit($country: CountryCode!, $entityId: ID!) {
  auditEvents(country: $country, entityId: $entityId, first: 100) { nodes { actorCountry action outcome reason entityIds } }
}`;

/** Referral work between Finland and Sweden, seen by a third country, through the gateway with five countries running. */
const backends: Backend[] = ['sqlite', 'postgres'];
/**
 * How long the gateway waits for a country here: long enough that a cross-border step (Finland asking
 * Sweden to open a case) completes on a busy CI host, where tests hold a country's answer back.
 */
const COUNTRY_TIMEOUT_MS = 5000;
/** Codes that leave a write's outcome unknown: Finland, or the gateway, gave up waiting. */
const OUTCOME_UNKNOWN = ['CROSS_BORDER_UNAVAILABLE', 'COUNTRY_TIMEOUT'];

describe.each(backends)('cross-border work through the gateway (%s)', (backend) => {
  const network = new NordicNetwork({
    backend,
    timeoutMs: COUNTRY_TIMEOUT_MS,
    databasePrefix: 'nordic_crossborder',
  });
  let fi: string;
  let se: string;
  let no: string;
  let finnishCases: string[];

  beforeAll(async () => {
    await network.start();
    [fi, se, no] = await Promise.all([coordinatorOf('FI'), coordinatorOf('SE'), coordinatorOf('NO')]);
    const page = await postGraphql(
      network.gatewayUrl,
      '{ cases(countries: [FI], first: 20, filter: { status: [ACTIVE] }) { nodes { id } } }',
      undefined,
      { token: fi },
    );
    finnishCases = (page.data?.cases as any[])[0].nodes.map((n: any) => n.id);
  }, 180_000);
  afterAll(() => network.stop());

  /** A coordinator's request with the referral purpose. */
  const as = (
    token: string,
    query: string,
    variables?: Record<string, unknown>,
    purpose = 'CROSS_BORDER_REFERRAL',
  ) => postGraphql(network.gatewayUrl, query, variables, { token, purpose });

  const request = {
    toCountry: 'SE',
    reason: 'MIGRATION_OR_CHANGE_OF_LOCATION',
    urgency: 'URGENT',
    needs: ['SAFE_ACCOMMODATION', 'INTERPRETATION'],
    legalBasis: 'GDPR_6_1_E',
    consentRecorded: true,
  };

  async function send(caseId: string, extra: Record<string, unknown> = {}): Promise<any> {
    // Set-up: retried with the same key while its outcome is unknown (a loaded host), as a user would.
    const variables = { caseId, request: { ...request, ...extra }, key: randomUUID() };
    let created = await as(fi, CREATE, variables);
    for (let attempt = 1; attempt < 3 && OUTCOME_UNKNOWN.includes(String(errorCodes(created)[0])); attempt++)
      created = await as(fi, CREATE, variables);
    expect(created.errors).toBeUndefined();
    return created.data?.createReferral;
  }

  async function incomingSwedishCases(): Promise<number> {
    const page = await as(
      se,
      '{ cases(countries: [SE], filter: { incomingReferral: true }) { totalCount } }',
    );
    return (page.data?.cases as any[])[0].totalCount;
  }

  async function auditOf(country: string, entityId: string): Promise<any[]> {
    const auditor = await tokenFor({
      country,
      roles: ['AUDITOR'],
      subject: `${country.toLowerCase()}-dpo-e2e`,
    });
    const response = await postGraphql(network.gatewayUrl, AUDIT, { country, entityId }, { token: auditor });
    expect(response.errors).toBeUndefined();
    return (response.data?.auditEvents as any).nodes;
  }

  /**
   * Sweden's coordinator's acceptance (`RESPOND` with `variables`, its idempotency key included), given
   * the first attempt's answer: while its outcome is unknown (Finland gave up waiting for Sweden, whose
   * case may be opened all the same, or the gateway gave up waiting for Finland), it is retried with the
   * same key, as a user would; Finland keeps the acceptance's lease meanwhile, and the retry completes
   * it. An acceptance takes three countries' hops and writes, and a test that holds an answer holds it
   * inside Finland's time budget for its call to Sweden: how long that took on a busy host does not
   * decide the test, what the user ends up with does.
   */
  async function acceptedInTheEnd(
    variables: Record<string, unknown>,
    first: GraphqlResponse,
  ): Promise<GraphqlResponse> {
    let answer = first;
    for (let attempt = 0; attempt < 3 && OUTCOME_UNKNOWN.includes(String(errorCodes(answer)[0])); attempt++)
      answer = await as(se, RESPOND, variables);
    return answer;
  }

  it('sends a referral from Finland to Sweden once, however often it is retried with the same key', async () => {
    const caseId = finnishCases[0];
    const key = randomUUID();
    const first = await as(fi, CREATE, { caseId, request, key });
    const retry = await as(fi, CREATE, { caseId, request, key });
    expect(first.errors).toBeUndefined();
    const referral = first.data?.createReferral as any;
    expect(retry.data?.createReferral).toEqual(referral);
    expect(referral).toMatchObject({
      fromCountry: 'FI',
      toCountry: 'SE',
      status: 'SENT',
      destinationCase: null,
    });
    expect(referral.id).toMatch(/^FI:Referral:\d{4}-\d{6}$/);
    expect(referral.sharedPayload.needs).toEqual(['SAFE_ACCOMMODATION', 'INTERPRETATION']);
    const ofCase = await as(fi, `{ case(id: "${caseId}") { referrals { id } } }`);
    expect((ofCase.data?.case as any).referrals.filter((r: any) => r.id === referral.id)).toHaveLength(1);
    expect((ofCase.data?.case as any).referrals.map((r: any) => r.id)).toContain(referral.id);

    const reused = await as(fi, CREATE, { caseId, request: { ...request, urgency: 'ROUTINE' }, key });
    expect(errorCodes(reused)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    const bad = await as(fi, CREATE, { caseId, request: { ...request, toCountry: 'FI' }, key: randomUUID() });
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    const wrongPurpose = await as(
      fi,
      CREATE,
      { caseId, request, key: randomUUID() },
      'VICTIM_ASSISTANCE_CONTINUITY',
    );
    expect(errorCodes(wrongPurpose)).toEqual(['PURPOSE_NOT_ALLOWED']);
    const swede = await as(se, CREATE, { caseId, request, key: randomUUID() });
    expect(errorCodes(swede)).toEqual(['FORBIDDEN']);

    // Both requests are audited (a retry is an access too), naming the one referral.
    const events = await auditOf('FI', referral.id);
    expect(events.filter((e) => e.action === 'CREATE_REFERRAL' && e.outcome === 'ALLOWED')).toHaveLength(2);
  });

  it('walks FI → SE: the inbox shows the payload, acceptance opens one Swedish case, both sides show the link, a third country sees nothing', async () => {
    const referral = await send(finnishCases[1]);
    const inbox = await as(
      se,
      '{ referrals(direction: INCOMING, counterpart: SE, countries: [FI]) { id status sharedPayload { needs } } }',
    );
    expect(inbox.errors).toBeUndefined();
    expect((inbox.data?.referrals as any[]).find((r) => r.id === referral.id)).toMatchObject({
      status: 'SENT',
    });

    const ack = await as(se, RESPOND, { id: referral.id, decision: 'ACKNOWLEDGE', key: randomUUID() });
    expect((ack.data?.respondToReferral as any).status).toBe('RECEIVED');

    const before = await incomingSwedishCases();
    const key = randomUUID();
    const acceptance = {
      id: referral.id,
      decision: 'ACCEPT',
      note: 'Placed with the regional coordinator, Skåne',
      key,
    };
    const accepted = await acceptedInTheEnd(acceptance, await as(se, RESPOND, acceptance));
    expect(accepted.errors).toBeUndefined();
    const answer = accepted.data?.respondToReferral as any;
    expect(answer.status).toBe('ACCEPTED');
    expect(answer.destinationCase.id).toMatch(/^SE:Case:/);
    const retried = await as(se, RESPOND, {
      id: referral.id,
      decision: 'ACCEPT',
      note: 'Placed with the regional coordinator, Skåne',
      key,
    });
    expect((retried.data?.respondToReferral as any).destinationCase.id).toBe(answer.destinationCase.id);
    expect(await incomingSwedishCases()).toBe(before + 1);
    const again = await as(se, RESPOND, { id: referral.id, decision: 'ACCEPT', key: randomUUID() });
    expect(errorCodes(again)).toEqual(['INVALID_REFERRAL_TRANSITION']);

    // Sweden's side: its new case, opened from the referral's payload, points back at the referral.
    const swedish = await as(
      se,
      `{ case(id: "${answer.destinationCase.id}") { id status subject { sex ageBandAtIdentification } exploitations { form } assistance { type status } originReferral { id fromCountry } } }`,
    );
    expect(swedish.errors).toBeUndefined();
    expect(swedish.data?.case).toMatchObject({
      status: 'ACTIVE',
      subject: { sex: answer.sharedPayload.sex, ageBandAtIdentification: answer.sharedPayload.ageBand },
      originReferral: { id: referral.id, fromCountry: 'FI' },
    });
    expect((swedish.data?.case as any).assistance.map((a: any) => a.type)).toEqual([
      'SAFE_ACCOMMODATION',
      'INTERPRETATION',
    ]);
    // Finland's side: the referral's destination, and the summary of the Swedish case it is now shared with.
    const finnish = await as(
      fi,
      `{ referral(id: "${referral.id}") { status destinationCase { id status } } }`,
    );
    expect(finnish.errors).toBeUndefined();
    expect(finnish.data?.referral).toEqual({
      status: 'ACCEPTED',
      destinationCase: { id: answer.destinationCase.id, status: 'ACTIVE' },
    });

    // A crossborder field of the Swedish end is answered by Sweden, even when reached from Finland's referral.
    const roundTrip = await as(
      se,
      `{ referral(id: "${referral.id}") { destinationCase { id originReferral { id } } } }`,
    );
    expect(roundTrip.errors).toBeUndefined();
    expect(roundTrip.data?.referral).toEqual({
      destinationCase: { id: answer.destinationCase.id, originReferral: { id: referral.id } },
    });

    // Either side may complete an accepted referral; then it is done.
    const complete = `mutation($id: ID!, $key: String!) { completeReferral(id: $id, idempotencyKey: $key) { status } }`;
    expect(errorCodes(await as(no, complete, { id: referral.id, key: randomUUID() }))).toEqual(['NOT_FOUND']);
    expect((await as(se, complete, { id: referral.id, key: randomUUID() })).data?.completeReferral).toEqual({
      status: 'COMPLETED',
    });
    expect(errorCodes(await as(fi, WITHDRAW, { id: referral.id, key: randomUUID() }))).toEqual([
      'INVALID_REFERRAL_TRANSITION',
    ]);

    // Norway: not a party, sees neither the referral nor the new case.
    const norwegian = await as(no, `{ referral(id: "${referral.id}") { id } }`);
    expect(errorCodes(norwegian)).toEqual(['FORBIDDEN']);
    const norwegianCase = await as(no, `{ case(id: "${answer.destinationCase.id}") { id } }`);
    expect(errorCodes(norwegianCase)).toEqual(['FORBIDDEN']);
    const norwayInbox = await as(
      no,
      '{ referrals(direction: INCOMING, counterpart: NO, countries: [FI]) { id } }',
    );
    expect((norwayInbox.data?.referrals as any[]).map((r) => r.id)).not.toContain(referral.id);

    // Each step is in the audit log of the country that holds the data.
    const finnishAudit = await auditOf('FI', referral.id);
    expect(
      finnishAudit
        .filter((e) => e.action === 'RESPOND_REFERRAL' && e.outcome === 'ALLOWED')
        .map((e) => e.actorCountry),
    ).toContain('SE');
    expect(
      finnishAudit.some(
        (e) =>
          e.action === 'RESPOND_REFERRAL' &&
          e.outcome === 'DENIED' &&
          e.reason === 'INVALID_REFERRAL_TRANSITION',
      ),
    ).toBe(true);
    expect(finnishAudit.some((e) => e.actorCountry === 'NO' && e.outcome === 'DENIED')).toBe(true);
    const swedishAudit = await auditOf('SE', answer.destinationCase.id);
    expect(
      swedishAudit.some(
        (e) =>
          e.action === 'RESPOND_REFERRAL' && e.outcome === 'ALLOWED' && e.entityIds.includes(referral.id),
      ),
    ).toBe(true);
  });

  it('declines, withdraws and expires, each a valid transition only from an open referral', async () => {
    const declined = await send(finnishCases[2]);
    const before = await incomingSwedishCases();
    const no1 = await as(se, RESPOND, {
      id: declined.id,
      decision: 'DECLINE',
      note: 'No capacity this month',
      key: randomUUID(),
    });
    expect(no1.data?.respondToReferral).toMatchObject({
      status: 'DECLINED',
      responseNote: 'No capacity this month',
      destinationCase: null,
    });
    expect(await incomingSwedishCases()).toBe(before);
    const late = await as(se, RESPOND, { id: declined.id, decision: 'ACCEPT', key: randomUUID() });
    expect(errorCodes(late)).toEqual(['INVALID_REFERRAL_TRANSITION']);
    expect(late.errors?.[0]?.message).toMatch(/DECLINED cannot be accepted/);
    const personalNote = await as(se, RESPOND, {
      id: declined.id,
      decision: 'DECLINE',
      note: 'call 0401234567',
      key: randomUUID(),
    });
    expect(errorCodes(personalNote)).toEqual(['BAD_USER_INPUT']);

    const withdrawn = await send(finnishCases[3]);
    const byReceiver = await as(se, WITHDRAW, { id: withdrawn.id, key: randomUUID() });
    expect(errorCodes(byReceiver)).toEqual(['FORBIDDEN']);
    const key = randomUUID();
    const w = await as(fi, WITHDRAW, { id: withdrawn.id, key });
    expect(w.data?.withdrawReferral).toEqual({ id: withdrawn.id, status: 'WITHDRAWN' });
    expect((await as(fi, WITHDRAW, { id: withdrawn.id, key })).data?.withdrawReferral).toEqual({
      id: withdrawn.id,
      status: 'WITHDRAWN',
    });
    const afterWithdraw = await as(se, RESPOND, { id: withdrawn.id, decision: 'ACCEPT', key: randomUUID() });
    expect(errorCodes(afterWithdraw)).toEqual(['INVALID_REFERRAL_TRANSITION']);

    const expiring = await send(finnishCases[4], { expiresInDays: 1 });
    // A day passes: move the referral's expiry into the past in Finland's own store.
    await network.sql('FI', 'UPDATE referrals SET expires_at = $1 WHERE id = $2', [
      '2020-01-01T00:00:00.000Z',
      expiring.id,
    ]);
    const seen = await as(se, `{ referral(id: "${expiring.id}") { status sharedPayload { needs } } }`);
    expect(seen.data?.referral).toEqual({ status: 'EXPIRED', sharedPayload: null });
    const tooLate = await as(se, RESPOND, { id: expiring.id, decision: 'ACCEPT', key: randomUUID() });
    expect(errorCodes(tooLate)).toEqual(['INVALID_REFERRAL_TRANSITION']);
    const expiredInbox = await as(
      se,
      '{ referrals(direction: INCOMING, counterpart: SE, countries: [FI], status: [EXPIRED]) { id } }',
    );
    expect((expiredInbox.data?.referrals as any[]).map((r) => r.id)).toContain(expiring.id);
  });

  it('leaves the referral as it was when Sweden cannot be reached, and accepts exactly once on retry', async () => {
    const referral = await send(finnishCases[5]);
    const before = await incomingSwedishCases();
    const key = randomUUID();
    await network.stopCountry('SE');
    let failed: GraphqlResponse;
    try {
      failed = await as(se, RESPOND, { id: referral.id, decision: 'ACCEPT', key });
    } finally {
      await network.restartCountry('SE');
    }
    expect(errorCodes(failed)).toEqual(['CROSS_BORDER_UNAVAILABLE']);
    expect(failed.errors?.[0]?.message).toMatch(
      /SE could not be reached to open the case.*retry with the same idempotency key/,
    );
    const unchanged = await as(fi, `{ referral(id: "${referral.id}") { status destinationCase { id } } }`);
    expect(unchanged.data?.referral).toEqual({ status: 'SENT', destinationCase: null });
    // The client retries with the same key until Sweden is back in routing.
    let retried = await as(se, RESPOND, { id: referral.id, decision: 'ACCEPT', key });
    for (let attempt = 0; attempt < 40 && errorCodes(retried)[0] === 'CROSS_BORDER_UNAVAILABLE'; attempt++) {
      await new Promise((r) => setTimeout(r, 250));
      retried = await as(se, RESPOND, { id: referral.id, decision: 'ACCEPT', key });
    }
    expect(retried.errors).toBeUndefined();
    expect((retried.data?.respondToReferral as any).status).toBe('ACCEPTED');
    expect(await incomingSwedishCases()).toBe(before + 1);
  });

  it('answers within the gateway timeout when Sweden is too slow: Finland says CROSS_BORDER_UNAVAILABLE, not a timeout of its own', async () => {
    const referral = await send(finnishCases[6]);
    const opened = async () =>
      Number(
        (
          await network.sql('SE', 'SELECT count(*) AS n FROM cases WHERE origin_referral_id = $1', [
            referral.id,
          ])
        )[0]?.n,
      );
    const key = randomUUID();
    // Sweden answers 2 s after the gateway's timeout for a country. Finland, asked to record the
    // acceptance, is told how much of that time is left and gives its call to Sweden less than that.
    const swedenLateBy = COUNTRY_TIMEOUT_MS + 2000;
    network.proxy('SE').delayMs = swedenLateBy;
    let slow: GraphqlResponse;
    try {
      slow = await as(se, RESPOND, { id: referral.id, decision: 'ACCEPT', key });
    } finally {
      network.proxy('SE').delayMs = 0;
    }
    expect(slow.errors?.map((e) => [e.extensions?.code, e.extensions?.country])).toEqual([
      ['CROSS_BORDER_UNAVAILABLE', 'FI'],
    ]);
    const unchanged = await as(fi, `{ referral(id: "${referral.id}") { status } }`);
    expect((unchanged.data?.referral as any).status).toBe('SENT');
    // Sweden may still open its case from the late request, so Finland keeps the acceptance's lease: a
    // colleague's decline now is refused instead of leaving Sweden a case from a declined referral.
    const colleague = await tokenFor({
      country: 'SE',
      roles: ['NATIONAL_COORDINATOR'],
      subject: 'se-colleague-slow',
    });
    const decline = await as(colleague, RESPOND, { id: referral.id, decision: 'DECLINE', key: randomUUID() });
    expect(errorCodes(decline)).toEqual(['INVALID_REFERRAL_TRANSITION']);
    expect(decline.errors?.[0]?.message).toMatch(/is being accepted by SE right now/);
    // Even if the referral's time runs out before the retry: its acceptance began while it was open.
    await network.sql('FI', 'UPDATE referrals SET expires_at = $1 WHERE id = $2', [
      new Date().toISOString(),
      referral.id,
    ]);
    // The retry with the same key completes the acceptance, and Sweden holds exactly one case opened
    // from the referral either way.
    const acceptance = { id: referral.id, decision: 'ACCEPT', key };
    const retried = await acceptedInTheEnd(acceptance, await as(se, RESPOND, acceptance));
    expect(retried.errors).toBeUndefined();
    expect((retried.data?.respondToReferral as any).status).toBe('ACCEPTED');
    // Once the late request has reached Sweden and been answered, Sweden holds exactly one case.
    await network.proxy('SE').settled();
    expect(await opened()).toBe(1);
  });

  it('refuses a decline that arrives while Sweden is opening its case: the acceptance completes, and Sweden holds one case', async () => {
    const referral = await send(finnishCases[7]);
    const colleague = await tokenFor({
      country: 'SE',
      roles: ['NATIONAL_COORDINATOR'],
      subject: 'se-colleague-e2e',
    });
    // Sweden opens its case, but its answer to Finland is held back until the colleague has tried.
    const hold = network.proxy('SE').holdNextAnswer((query) => query.includes('openCaseFromReferral'));
    const acceptance = { id: referral.id, decision: 'ACCEPT', key: randomUUID() };
    const accepting = as(se, RESPOND, acceptance);
    try {
      await Promise.race([hold.answered, accepting]);
      // A colleague in Sweden declines while the case is being opened (or while the outcome of its
      // opening is unknown to Finland: the lease is held either way).
      const declined = await as(colleague, RESPOND, {
        id: referral.id,
        decision: 'DECLINE',
        key: randomUUID(),
      });
      expect(errorCodes(declined)).toEqual(['INVALID_REFERRAL_TRANSITION']);
      expect(declined.errors?.[0]?.message).toMatch(/is being accepted by SE right now/);
    } finally {
      hold.release();
    }
    const accepted = await acceptedInTheEnd(acceptance, await accepting);
    expect(accepted.errors).toBeUndefined();
    expect((accepted.data?.respondToReferral as any).status).toBe('ACCEPTED');
    const opened = await network.sql('SE', 'SELECT id FROM cases WHERE origin_referral_id = $1', [
      referral.id,
    ]);
    expect(opened).toHaveLength(1);
    const recorded = await as(fi, `{ referral(id: "${referral.id}") { status destinationCase { id } } }`);
    expect(recorded.data?.referral).toEqual({ status: 'ACCEPTED', destinationCase: { id: opened[0]?.id } });
    // Once accepted, a decline is refused as a plain transition error.
    const late = await as(colleague, RESPOND, { id: referral.id, decision: 'DECLINE', key: randomUUID() });
    expect(late.errors?.[0]?.message).not.toMatch(/being accepted/);
  });

  it('accepts a referral that expires while Sweden is opening its case, so Sweden is not left a case whose referral expired', async () => {
    const referral = await send(finnishCases[8], { expiresInDays: 1 });
    const openedInSweden = () =>
      network.sql('SE', 'SELECT id FROM cases WHERE origin_referral_id = $1', [referral.id]);
    // Sweden opens its case, but its answer to Finland is held back until the referral has expired.
    const hold = network.proxy('SE').holdNextAnswer((query) => query.includes('openCaseFromReferral'));
    const acceptance = { id: referral.id, decision: 'ACCEPT', key: randomUUID() };
    const accepting = as(se, RESPOND, acceptance);
    try {
      await Promise.race([hold.answered, accepting]);
      // The referral's time runs out now, while the answer is on its way (after Finland took the lease).
      await network.sql('FI', 'UPDATE referrals SET expires_at = $1 WHERE id = $2', [
        new Date().toISOString(),
        referral.id,
      ]);
    } finally {
      hold.release();
    }
    // The retry, if Finland gave up waiting, is judged by the lease's start too.
    const accepted = await acceptedInTheEnd(acceptance, await accepting);
    expect(accepted.errors).toBeUndefined();
    expect((accepted.data?.respondToReferral as any).status).toBe('ACCEPTED');
    const opened = await openedInSweden();
    expect(opened).toHaveLength(1);
    const recorded = await as(fi, `{ referral(id: "${referral.id}") { status destinationCase { id } } }`);
    expect(recorded.data?.referral).toEqual({ status: 'ACCEPTED', destinationCase: { id: opened[0]?.id } });
  });

  it("shows a referral addressed to a Swedish organisation only to that organisation's caseworkers, and opens the case as theirs", async () => {
    const NSP = 'SE:Organisation:nsp';
    const caseworkerOf = (organisation: string | null) =>
      tokenFor({
        country: 'SE',
        roles: ['ASSISTANCE_CASEWORKER'],
        subject: `se-caseworker-e2e-${organisation ?? 'none'}`,
        ...(organisation ? { organisation } : {}),
      });
    const [nsp, regional, noOrganisation] = await Promise.all([
      caseworkerOf(NSP),
      caseworkerOf('SE:Organisation:regional-coordinators'),
      caseworkerOf(null),
    ]);
    const misaddressed = await as(fi, CREATE, {
      caseId: finnishCases[9],
      request: { ...request, toOrganisationId: 'NO:Organisation:kom' },
      key: randomUUID(),
    });
    expect(errorCodes(misaddressed)).toEqual(['BAD_USER_INPUT']);
    expect(misaddressed.errors?.[0]?.message).toMatch(/toOrganisationId must be an organisation of SE/);
    // Finland asks the network directory before it writes: a mistyped addressee is refused.
    const referralsBefore = await network.sql('FI', 'SELECT count(*) AS n FROM referrals');
    const unlisted = await as(fi, CREATE, {
      caseId: finnishCases[9],
      request: { ...request, toOrganisationId: 'SE:Organisation:nps' },
      key: randomUUID(),
    });
    expect(errorCodes(unlisted)).toEqual(['BAD_USER_INPUT']);
    expect(unlisted.errors?.[0]?.message).toMatch(
      /the network directory lists no organisation SE:Organisation:nps of SE/,
    );
    expect(await network.sql('FI', 'SELECT count(*) AS n FROM referrals')).toEqual(referralsBefore);

    const referral = await send(finnishCases[9], { toOrganisationId: NSP });
    const INBOX = `{ referrals(direction: INCOMING, counterpart: SE, countries: [FI], status: [SENT]) { id toOrganisation { id } } }`;
    const inboxOf = async (token: string) => {
      const answer = await as(token, INBOX);
      expect(answer.errors).toBeUndefined();
      return answer.data?.referrals as { id: string; toOrganisation: { id: string } | null }[];
    };
    /** Finland's open referrals to Sweden, from its store: all of them, or those addressed to `organisation`. */
    const addressedTo = async (organisation: string | null) =>
      (
        await network.sql(
          'FI',
          `SELECT id FROM referrals WHERE to_country = 'SE' AND status = 'SENT' AND expires_at > $1${
            organisation ? ' AND to_org_id = $2' : ''
          } ORDER BY id`,
          organisation ? [new Date().toISOString(), organisation] : [new Date().toISOString()],
        )
      ).map((r) => r.id);
    const ids = (inbox: { id: string }[]) => inbox.map((r) => r.id).sort();
    const coordinatorsInbox = await inboxOf(se);
    expect(coordinatorsInbox).toContainEqual({ id: referral.id, toOrganisation: { id: NSP } });
    expect(ids(coordinatorsInbox)).toEqual(await addressedTo(null));
    const nspInbox = await inboxOf(nsp);
    expect(ids(nspInbox)).toEqual(await addressedTo(NSP));
    expect(ids(nspInbox)).toContain(referral.id);
    const regionalInbox = await inboxOf(regional);
    expect(ids(regionalInbox)).toEqual(await addressedTo('SE:Organisation:regional-coordinators'));
    expect(ids(regionalInbox)).not.toContain(referral.id);
    const noOrganisationInbox = await as(noOrganisation, INBOX);
    expect(errorCodes(noOrganisationInbox)).toEqual(['FORBIDDEN']);
    expect(noOrganisationInbox.errors?.[0]?.message).toMatch(/claim "org"/);

    // Another organisation's caseworker can neither read nor accept it: the same answer as for no referral.
    const read = await as(regional, `{ referral(id: "${referral.id}") { id } }`);
    const unknown = await as(regional, `{ referral(id: "FI:Referral:2026-999999") { id } }`);
    expect(read.data?.referral ?? null).toBeNull();
    expect(errorCodes(read)).toEqual(errorCodes(unknown));
    const wrongTaker = await as(regional, RESPOND, {
      id: referral.id,
      decision: 'ACCEPT',
      key: randomUUID(),
    });
    expect(errorCodes(wrongTaker)).toEqual(['NOT_FOUND']);

    // A Swedish coordinator accepts on the organisation's behalf: the case opened is the organisation's.
    const accepted = await as(se, RESPOND, { id: referral.id, decision: 'ACCEPT', key: randomUUID() });
    expect(accepted.errors).toBeUndefined();
    const opened = await network.sql(
      'SE',
      'SELECT id, responsible_org_id AS org FROM cases WHERE origin_referral_id = $1',
      [referral.id],
    );
    expect(opened).toEqual([{ id: expect.any(String), org: NSP }]);
  });

  it('lets a Swedish caseworker who accepts a referral read the case just opened in their own organisation (issue 16.7)', async () => {
    const NSP = 'SE:Organisation:nsp';
    const caseworker = await tokenFor({
      country: 'SE',
      roles: ['ASSISTANCE_CASEWORKER'],
      subject: 'se-caseworker-e2e-accepting',
      organisation: NSP,
    });
    const referral = await send(finnishCases[10], { toOrganisationId: NSP });
    // The answer to ACCEPT names the case opened in Sweden: no FORBIDDEN for the caseworker's own new case.
    const accepted = await as(caseworker, RESPOND, {
      id: referral.id,
      decision: 'ACCEPT',
      key: randomUUID(),
    });
    expect(accepted.errors).toBeUndefined();
    const destination = (accepted.data?.respondToReferral as any).destinationCase?.id as string;
    expect(destination).toMatch(/^SE:Case:/);
    // Read back, through Finland's referral and directly from Sweden: the case is their organisation's.
    const throughReferral = await as(
      caseworker,
      `{ referral(id: "${referral.id}") { status destinationCase { id status responsibleOrganisation { id } } } }`,
    );
    expect(throughReferral.errors).toBeUndefined();
    expect(throughReferral.data?.referral).toEqual({
      status: 'ACCEPTED',
      destinationCase: { id: destination, status: 'ACTIVE', responsibleOrganisation: { id: NSP } },
    });
    const direct = await as(caseworker, `{ case(id: "${destination}") { id status } }`);
    expect(direct.errors).toBeUndefined();
    expect(direct.data?.case).toEqual({ id: destination, status: 'ACTIVE' });
    // Another organisation's caseworker still gets the refusal for it.
    const other = await tokenFor({
      country: 'SE',
      roles: ['ASSISTANCE_CASEWORKER'],
      subject: 'se-caseworker-e2e-other',
      organisation: 'SE:Organisation:regional-coordinators',
    });
    expect(errorCodes(await as(other, `{ case(id: "${destination}") { id } }`))).toEqual(['FORBIDDEN']);
  });

  it('assigns a case only to an organisation the network directory lists for the country', async () => {
    const ASSIGN = `mutation($caseId: ID!, $org: ID!, $key: String!) {
      assignCase(caseId: $caseId, organisationId: $org, idempotencyKey: $key) { id responsibleOrganisation { id } }
    }`;
    const page = await as(se, '{ cases(countries: [SE], first: 1) { nodes { id } } }');
    const caseId = (page.data?.cases as any[])[0].nodes[0].id as string;
    const [before] = await network.sql('SE', 'SELECT responsible_org_id AS org FROM cases WHERE id = $1', [
      caseId,
    ]);
    const assign = (org: string) =>
      as(se, ASSIGN, { caseId, org, key: randomUUID() }, 'VICTIM_ASSISTANCE_CONTINUITY');
    const mistyped = await assign('SE:Organisation:regional-coordinator');
    expect(errorCodes(mistyped)).toEqual(['BAD_USER_INPUT']);
    expect(mistyped.errors?.[0]?.message).toMatch(
      /organisationId: the network directory lists no organisation/,
    );
    expect(
      await network.sql('SE', 'SELECT responsible_org_id AS org FROM cases WHERE id = $1', [caseId]),
    ).toEqual([before]);
    const target =
      before?.org === 'SE:Organisation:nsp' ? 'SE:Organisation:regional-coordinators' : 'SE:Organisation:nsp';
    const assigned = await assign(target);
    expect(assigned.errors).toBeUndefined();
    expect(assigned.data?.assignCase).toEqual({ id: caseId, responsibleOrganisation: { id: target } });
  });

  it('links a Finnish and a Swedish case only once Sweden confirms, then both sides show one timeline', async () => {
    const swedishPage = await as(
      se,
      '{ cases(countries: [SE], first: 30, filter: { crossBorder: false }) { nodes { id } } }',
    );
    const swedishCase = (swedishPage.data?.cases as any[])[0].nodes[7].id as string;
    const finnishCase = finnishCases[6] as string;
    const propose = `mutation($a: ID!, $b: ID!, $key: String!) { proposeCaseLink(caseId: $a, otherCaseId: $b, basis: MANUAL, idempotencyKey: $key) { id confirmedBy } }`;
    const key = randomUUID();
    const proposed = await as(
      fi,
      propose,
      { a: finnishCase, b: swedishCase, key },
      'VICTIM_ASSISTANCE_CONTINUITY',
    );
    expect(proposed.errors).toBeUndefined();
    const link = proposed.data?.proposeCaseLink as any;
    expect(link.confirmedBy).toEqual(['FI']);
    expect(
      (await as(fi, propose, { a: finnishCase, b: swedishCase, key }, 'VICTIM_ASSISTANCE_CONTINUITY')).data
        ?.proposeCaseLink,
    ).toEqual(link);

    const linksOf = (token: string, id: string) =>
      as(
        token,
        `{ case(id: "${id}") { links { id caseB { id events { type country } } } } }`,
        undefined,
        'VICTIM_ASSISTANCE_CONTINUITY',
      );
    expect((await linksOf(fi, finnishCase)).data?.case).toEqual({ links: [] });
    const pending = await as(
      se,
      '{ caseLinks(countries: [FI], pending: true) { id caseB { id } } }',
      undefined,
      'VICTIM_ASSISTANCE_CONTINUITY',
    );
    expect((pending.data?.caseLinks as any[]).map((l) => l.id)).toContain(link.id);
    // Sweden's case is not yet shared with Finland.
    expect(
      errorCodes(
        await as(fi, `{ case(id: "${swedishCase}") { id } }`, undefined, 'VICTIM_ASSISTANCE_CONTINUITY'),
      ),
    ).toEqual(['FORBIDDEN']);

    const confirm = `mutation($id: ID!, $key: String!) { confirmCaseLink(id: $id, idempotencyKey: $key) { id confirmedBy } }`;
    const byFinland = await as(
      fi,
      confirm,
      { id: link.id, key: randomUUID() },
      'VICTIM_ASSISTANCE_CONTINUITY',
    );
    expect(errorCodes(byFinland)).toEqual(['NOT_FOUND']);
    const confirmed = await as(
      se,
      confirm,
      { id: link.id, key: randomUUID() },
      'VICTIM_ASSISTANCE_CONTINUITY',
    );
    expect(confirmed.errors).toBeUndefined();
    expect((confirmed.data?.confirmCaseLink as any).confirmedBy).toEqual(['FI', 'SE']);

    const fromFinland = await linksOf(fi, finnishCase);
    expect(fromFinland.errors).toBeUndefined();
    expect((fromFinland.data?.case as any).links).toEqual([
      { id: link.id, caseB: { id: swedishCase, events: expect.any(Array) } },
    ]);
    const fromSweden = await as(
      se,
      `{ case(id: "${swedishCase}") { links { id caseB { id } } } }`,
      undefined,
      'VICTIM_ASSISTANCE_CONTINUITY',
    );
    expect((fromSweden.data?.case as any).links).toContainEqual({ id: link.id, caseB: { id: finnishCase } });
    expect(
      errorCodes(
        await as(no, `{ caseLink(id: "${link.id}") { id } }`, undefined, 'VICTIM_ASSISTANCE_CONTINUITY'),
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      (await auditOf('SE', link.id)).some((e) => e.action === 'LINK_CASES' && e.outcome === 'ALLOWED'),
    ).toBe(true);
    expect(
      (await auditOf('FI', link.id)).filter((e) => e.action === 'LINK_CASES' && e.outcome === 'ALLOWED')
        .length,
    ).toBeGreaterThanOrEqual(2);
  });
});
