import { randomUUID } from 'node:crypto';
import { coordinatorOf, tokenFor } from '../support/auth';
import { errorCodes, postGraphql } from '../support/graphql';
import { COUNTRIES, NordicNetwork } from '../support/nordicNetwork';
import { ReferralSubscriber, about } from '../support/referralSubscriber';

const CREATE = `mutation Create($caseId: ID!, $request: ReferralRequest!, $key: String!) {
  createReferral(caseId: $caseId, request: $request, idempotencyKey: $key) { id status }
}`;
const RESPOND = `mutation Respond($id: ID!, $decision: ReferralDecision!, $key: String!) {
  respondToReferral(id: $id, decision: $decision, idempotencyKey: $key) { id status }
}`;
/** Codes that leave a write's outcome unknown on a loaded host (retried with the same key, as a user would). */
const OUTCOME_UNKNOWN = ['CROSS_BORDER_UNAVAILABLE', 'COUNTRY_TIMEOUT'];
const NSP = 'SE:Organisation:nsp';
const REGIONAL = 'SE:Organisation:regional-coordinators';

/**
 * Referral notifications through the gateway (graphql-sse), with five national services running: who
 * is told what, who is never told, and a subscription that outlives a country's restart.
 */
describe('referral notifications through the gateway', () => {
  const network = new NordicNetwork({
    backend: 'sqlite',
    // Reminders are looked at every second here, so a test waits on the reminder, not on a day.
    nationalEnv: { REFERRAL_REMINDER_CHECK_SECONDS: '1', REFERRAL_REMINDER_DAYS: '3' },
  });
  let fi: string;
  let se: string;
  let no: string;
  let finnishCases: string[];
  const subscribers: ReferralSubscriber[] = [];

  beforeAll(async () => {
    await network.start();
    [fi, se, no] = await Promise.all([coordinatorOf('FI'), coordinatorOf('SE'), coordinatorOf('NO')]);
    // Set-up on a loaded host: asked again while Finland did not answer in time, as a user would.
    const ask = () =>
      postGraphql(
        network.gatewayUrl,
        '{ cases(countries: [FI], first: 20, filter: { status: [ACTIVE] }) { nodes { id } } }',
        undefined,
        { token: fi },
      );
    let page = await ask();
    for (let i = 1; i < 3 && page.errors; i++) page = await ask();
    expect(page.errors).toBeUndefined();
    finnishCases = (page.data?.cases as any[])[0].nodes.map((n: any) => n.id);
  }, 180_000);
  afterAll(async () => {
    for (const s of subscribers) s.close();
    await network.stop();
  });

  const subscribe = (
    token: string | null,
    purpose?: string,
    endpoint = `${network.gateway.url}/graphql/stream`,
  ) => {
    const subscriber = new ReferralSubscriber(endpoint, token, purpose);
    subscribers.push(subscriber);
    return subscriber;
  };
  const as = (token: string, query: string, variables: Record<string, unknown>) =>
    postGraphql(network.gatewayUrl, query, variables, { token, purpose: 'CROSS_BORDER_REFERRAL' });

  const request = {
    toCountry: 'SE',
    reason: 'MIGRATION_OR_CHANGE_OF_LOCATION',
    urgency: 'URGENT',
    needs: ['SAFE_ACCOMMODATION'],
    legalBasis: 'GDPR_6_1_E',
    consentRecorded: true,
  };
  let nextCase = 0;

  /** Finland sends a referral of its next case (`url`: the gateway, or Finland's own service). */
  async function send(extra: Record<string, unknown> = {}, url = network.gatewayUrl): Promise<string> {
    const caseId = finnishCases[nextCase++ % finnishCases.length];
    const variables = { caseId, request: { ...request, ...extra }, key: randomUUID() };
    const post = () => postGraphql(url, CREATE, variables, { token: fi, purpose: 'CROSS_BORDER_REFERRAL' });
    let created = await post();
    for (let i = 1; i < 3 && OUTCOME_UNKNOWN.includes(String(errorCodes(created)[0])); i++)
      created = await post();
    expect(created.errors).toBeUndefined();
    return (created.data?.createReferral as { id: string }).id;
  }

  async function respond(token: string, id: string, decision: 'ACCEPT' | 'DECLINE'): Promise<void> {
    const variables = { id, decision, key: randomUUID() };
    let answer = await as(token, RESPOND, variables);
    // An acceptance takes three countries' hops: its retry with the same key completes it (Finland's lease).
    for (let i = 1; i < 5 && OUTCOME_UNKNOWN.includes(String(errorCodes(answer)[0])); i++)
      answer = await as(token, RESPOND, variables);
    expect(answer.errors).toBeUndefined();
  }

  it("tells Sweden's coordinator of Finland's referral and Finland's of Sweden's answer; Norway hears of neither", async () => {
    const [finland, sweden, norway] = [subscribe(fi), subscribe(se), subscribe(no)];
    await Promise.all([finland, sweden, norway].map((s) => s.connectedTo(COUNTRIES)));

    const accepted = await send();
    const arrived = await sweden.until(about('SENT', accepted));
    expect(arrived).toMatchObject({
      country: 'FI',
      referral: { id: accepted, fromCountry: 'FI', toCountry: 'SE', status: 'SENT', urgency: 'URGENT' },
    });
    // Delivered as a read by Sweden's coordinator, and audited as one in Finland.
    const audit = await postGraphql(
      network.gatewayUrl,
      `{ auditEvents(country: FI, entityId: "${accepted}", first: 50) { nodes { actorCountry outcome } } }`,
      undefined,
      {
        token: await tokenFor({ country: 'FI', roles: ['AUDITOR'], subject: 'fi-dpo-notified' }),
        purpose: null,
      },
    );
    expect(audit.errors).toBeUndefined();
    expect((audit.data?.auditEvents as any).nodes).toContainEqual({ actorCountry: 'SE', outcome: 'ALLOWED' });
    await respond(se, accepted, 'ACCEPT');
    expect((await finland.until(about('ACCEPTED', accepted))).referral).toMatchObject({ status: 'ACCEPTED' });

    const declined = await send();
    await sweden.until(about('SENT', declined));
    await respond(se, declined, 'DECLINE');
    expect((await finland.until(about('DECLINED', declined))).referral).toMatchObject({ status: 'DECLINED' });

    // Then a referral to Norway: its arrival in Norway's stream shows the earlier ones were not withheld
    // by chance (Finland's events reach a subscriber in order), but never sent to Norway at all.
    const toNorway = await send({ toCountry: 'NO' });
    await norway.until(about('SENT', toNorway));
    expect(norway.referralIds()).not.toContain(accepted);
    expect(norway.referralIds()).not.toContain(declined);
    expect(sweden.referralIds()).not.toContain(toNorway);
  });

  it("tells a Swedish caseworker of the referrals addressed to their organisation only, never another organisation's", async () => {
    const caseworkerOf = (organisation: string) =>
      tokenFor({
        country: 'SE',
        roles: ['ASSISTANCE_CASEWORKER'],
        subject: `se-caseworker-notified-${organisation}`,
        organisation,
      });
    const [nsp, regional] = (await Promise.all([caseworkerOf(NSP), caseworkerOf(REGIONAL)])).map((t) =>
      subscribe(t),
    ) as [ReferralSubscriber, ReferralSubscriber];
    await Promise.all([nsp.connectedTo(COUNTRIES), regional.connectedTo(COUNTRIES)]);

    const toNsp = await send({ toOrganisationId: NSP });
    const toRegional = await send({ toOrganisationId: REGIONAL });
    const toNspAgain = await send({ toOrganisationId: NSP });
    expect((await nsp.until(about('SENT', toNsp))).referral?.toOrganisationId).toBe(NSP);
    // Each one's later event has arrived, so the other organisation's earlier one was never sent to them.
    await nsp.until(about('SENT', toNspAgain));
    await regional.until(about('SENT', toRegional));
    expect(nsp.referralIds()).not.toContain(toRegional);
    expect(regional.referralIds()).not.toContain(toNsp);
    expect(regional.referralIds()).not.toContain(toNspAgain);
  });

  it("gives a caller who subscribes to Finland's stream directly no more than through the gateway", async () => {
    const direct = `${network.countries.get('FI')?.process.url}/events/graphql`;
    const regionalToken = await tokenFor({
      country: 'SE',
      roles: ['ASSISTANCE_CASEWORKER'],
      subject: 'se-caseworker-direct',
      organisation: REGIONAL,
    });
    const norway = subscribe(no, undefined, direct);
    const regional = subscribe(regionalToken, undefined, direct);
    await Promise.all([norway.connectedTo(['FI']), regional.connectedTo(['FI'])]);
    const toNsp = await send({ toOrganisationId: NSP });
    const toSweden = await send();
    const toRegional = await send({ toOrganisationId: REGIONAL });
    const toNorway = await send({ toCountry: 'NO' });
    await Promise.all([norway.until(about('SENT', toNorway)), regional.until(about('SENT', toRegional))]);
    expect(norway.referralIds()).toEqual([toNorway]);
    expect(regional.referralIds()).toEqual([toRegional]);
    expect(regional.referralIds()).not.toContain(toNsp);
    expect(regional.referralIds()).not.toContain(toSweden);
  });

  it('refuses a subscriber without a token, and one whose roles read no referrals, with a code', async () => {
    const analyst = await tokenFor({ country: 'SE', roles: ['ANALYST'], subject: 'se-analyst-notified' });
    const [anonymous, statistics] = [subscribe(null), subscribe(analyst)];
    const [anonymousErrors, analystErrors] = await Promise.all([anonymous.ended, statistics.ended]);
    expect(anonymousErrors.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(analystErrors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(analystErrors[0]?.message).toMatch(/may not read person-level records/);
    expect(statistics.referralIds()).toEqual([]);
    const noPurpose = subscribe(se, '');
    expect((await noPurpose.ended).map((e) => e.extensions?.code)).toEqual(['PURPOSE_REQUIRED']);
  });

  it('ends the subscription when its token expires', async () => {
    const shortLived = await tokenFor({
      country: 'SE',
      roles: ['NATIONAL_COORDINATOR'],
      subject: 'se-coordinator-short-token',
      ttlSeconds: 4,
    });
    const subscriber = subscribe(shortLived);
    const errors = await subscriber.ended;
    expect(errors.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(errors[0]?.message).toMatch(/token expired/);
  });

  it('recovers when Finland restarts while Sweden is subscribed: events after the restart arrive', async () => {
    const sweden = subscribe(se);
    await sweden.connectedTo(COUNTRIES);
    const lost = sweden.next((e) => e.kind === 'DISCONNECTED' && e.country === 'FI');
    await network.stopCountry('FI');
    await lost;
    const back = sweden.next((e) => e.kind === 'CONNECTED' && e.country === 'FI');
    await network.restartCountry('FI');
    await back;
    // Straight to Finland's service: the gateway's circuit for Finland may still be open from the restart.
    const afterRestart = await send({}, `${network.countries.get('FI')?.process.url}/graphql`);
    expect((await sweden.until(about('SENT', afterRestart))).referral?.toCountry).toBe('SE');
  });

  it('reminds of a referral unanswered after REFERRAL_REMINDER_DAYS and of one about to expire, once each', async () => {
    const sweden = subscribe(se);
    await sweden.connectedTo(COUNTRIES);
    const old = await send();
    const expiring = await send();
    const fourDaysAgo = new Date(Date.now() - 4 * 24 * 3600 * 1000).toISOString();
    const inADay = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
    await network.sql('FI', 'UPDATE referrals SET sent_at = $1 WHERE id = $2', [fourDaysAgo, old]);
    await network.sql('FI', 'UPDATE referrals SET expires_at = $1 WHERE id = $2', [inADay, expiring]);
    expect((await sweden.until(about('REMINDER', old))).referral?.status).toBe('SENT');
    expect((await sweden.until(about('EXPIRING', expiring))).referral?.expiresAt).toBe(inADay);
    // Recorded, so sent once: a later reminder event (a newer referral's) arrives without a second one.
    const later = await send();
    await network.sql('FI', 'UPDATE referrals SET sent_at = $1 WHERE id = $2', [fourDaysAgo, later]);
    await sweden.until(about('REMINDER', later));
    expect(sweden.events.filter((e) => e.kind === 'REMINDER' && e.referral?.id === old)).toHaveLength(1);
    expect(sweden.events.filter((e) => e.kind === 'EXPIRING' && e.referral?.id === expiring)).toHaveLength(1);
  });
});
