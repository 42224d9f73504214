/**
 * The referral state machine and idempotency, from the sending country's side: the same key gives the
 * same result, a key reused for another request is refused, and illegal transitions are refused with
 * `INVALID_REFERRAL_TRANSITION` without changing the referral. These checks write: each run sends one
 * referral from one of the country's active cases to the foreign country and withdraws it (--read-only
 * skips them).
 */
import {
  type Check,
  type CheckResult,
  FailCheck,
  SkipCheck,
  type Target,
  dataOf,
  fail,
  memo,
  pass,
  refusedWith,
} from './check';
import { eventsOf, expectEvent } from './auditChecks';
import { oneCaseId, tokenOf } from './fixtures';

const PURPOSE = 'CROSS_BORDER_REFERRAL';

interface Referral {
  id: string;
  status: string;
  fromCountry: string;
  toCountry: string;
}
const FIELDS = 'id status fromCountry toCountry';

const key = (target: Target, step: string) => `conformance-${target.runId}-${step}`;

async function send(target: Target, query: string, variables?: Record<string, unknown>) {
  return target.client.post<Record<string, Referral | null>>(target.nationalUrl, query, {
    token: await tokenOf(target, 'NATIONAL_COORDINATOR', 'referrals'),
    purpose: PURPOSE,
    variables,
  });
}

function createReferral(target: Target, caseId: string, idempotencyKey: string, urgency: string) {
  return send(
    target,
    `mutation($key: String!, $caseId: ID!) { createReferral(idempotencyKey: $key, caseId: $caseId, request: { toCountry: ${target.foreignCountry}, reason: OTHER, urgency: ${urgency}, needs: [SAFE_ACCOMMODATION], legalBasis: GDPR_6_1_E, consentRecorded: true }) { ${FIELDS} } }`,
    { key: idempotencyKey, caseId },
  );
}

function act(target: Target, mutation: string, id: string, idempotencyKey: string) {
  return send(
    target,
    `mutation($key: String!, $id: ID!) { ${mutation}(idempotencyKey: $key, id: $id) { ${FIELDS} } }`,
    {
      key: idempotencyKey,
      id,
    },
  );
}

/** The referral this run sends (once), in state SENT. */
function sentReferral(target: Target): Promise<{ caseId: string; referral: Referral }> {
  return memo(target, 'sentReferral', async () => {
    if (target.readOnly) throw new SkipCheck('--read-only: the referral checks write');
    const caseId = await oneCaseId(target);
    const referral = dataOf(
      await createReferral(target, caseId, key(target, 'create'), 'ROUTINE'),
      'createReferral',
    ).createReferral as Referral;
    if (referral.status !== 'SENT') throw new FailCheck(`a new referral is ${referral.status}, not SENT`);
    return { caseId, referral };
  });
}

/** A referral check: it writes, so --read-only skips it. */
function writing(name: string, run: (target: Target) => Promise<CheckResult>): Check {
  return {
    area: 'referrals',
    name,
    run: (target) =>
      target.readOnly ? Promise.reject(new SkipCheck('--read-only: this check writes')) : run(target),
  };
}

export const referralChecks: Check[] = [
  writing('a new referral is SENT, from this country to the one named', async (target) => {
    const { referral } = await sentReferral(target);
    return referral.fromCountry === target.country && referral.toCountry === target.foreignCountry
      ? pass(`${referral.id} ${referral.status}`)
      : fail(`${referral.id} is from ${referral.fromCountry} to ${referral.toCountry}`);
  }),
  writing('sending a referral is in the audit log (CREATE_REFERRAL, ALLOWED)', async (target) => {
    const { referral } = await sentReferral(target);
    const events = await eventsOf(target, referral.id, 'referrals');
    return expectEvent(target, events, referral.id, 'ALLOWED', PURPOSE, 'CREATE_REFERRAL');
  }),
  writing('createReferral retried with the same key returns the same referral', async (target) => {
    const { caseId, referral } = await sentReferral(target);
    const again = dataOf(await createReferral(target, caseId, key(target, 'create'), 'ROUTINE'), 'the retry')
      .createReferral as Referral;
    return again.id === referral.id
      ? pass(`both ${referral.id}`)
      : fail(`first ${referral.id}, then ${again.id}`);
  }),
  writing('the same key for a different request is refused', async (target) => {
    const { caseId } = await sentReferral(target);
    return refusedWith(
      await createReferral(target, caseId, key(target, 'create'), 'URGENT'),
      ['IDEMPOTENCY_KEY_REUSED'],
      (d) => d.createReferral,
    );
  }),
  writing('a SENT referral cannot be completed', async (target) => {
    const { referral } = await sentReferral(target);
    return refusedWith(
      await act(target, 'completeReferral', referral.id, key(target, 'complete-sent')),
      ['INVALID_REFERRAL_TRANSITION'],
      (d) => d.completeReferral,
    );
  }),
  writing('the sending country cannot answer its own referral', async (target) => {
    const { referral } = await sentReferral(target);
    const answer = await send(
      target,
      `mutation($key: String!, $id: ID!) { respondToReferral(idempotencyKey: $key, id: $id, decision: ACCEPT) { ${FIELDS} } }`,
      { key: key(target, 'respond-own'), id: referral.id },
    );
    return refusedWith(answer, ['FORBIDDEN'], (d) => d.respondToReferral);
  }),
  writing('withdrawing is idempotent: the retry with the same key answers the same', async (target) => {
    const { referral } = await sentReferral(target);
    const first = dataOf(
      await act(target, 'withdrawReferral', referral.id, key(target, 'withdraw')),
      'withdrawReferral',
    ).withdrawReferral as Referral;
    const retry = dataOf(
      await act(target, 'withdrawReferral', referral.id, key(target, 'withdraw')),
      'the retry',
    ).withdrawReferral as Referral;
    if (first.status !== 'WITHDRAWN') return fail(`withdrawn referral is ${first.status}`);
    return retry.id === first.id && retry.status === 'WITHDRAWN'
      ? pass(`${first.id} WITHDRAWN, retry the same`)
      : fail(`the retry answered ${retry.id} ${retry.status}`);
  }),
  writing('a WITHDRAWN referral cannot be withdrawn again or completed', async (target) => {
    const { referral } = await sentReferral(target);
    for (const mutation of ['withdrawReferral', 'completeReferral']) {
      const result = refusedWith(
        await act(target, mutation, referral.id, key(target, `${mutation}-after`)),
        ['INVALID_REFERRAL_TRANSITION'],
        (d) => d[mutation],
      );
      if (result.status !== 'pass') return fail(`${mutation}: ${result.reason}`);
    }
    const read = dataOf(
      await send(target, `query($id: ID!) { referral(id: $id) { ${FIELDS} } }`, { id: referral.id }),
      'the referral read back',
    ).referral;
    return read?.status === 'WITHDRAWN'
      ? pass('both refused; the referral is still WITHDRAWN')
      : fail(`both refused, but the referral now reads ${read?.status}`);
  }),
  writing('acting on a referral this country never sent gives NOT_FOUND', async (target) => {
    return refusedWith(
      await act(target, 'withdrawReferral', `${target.country}:Referral:1999-999999`, key(target, 'missing')),
      ['NOT_FOUND'],
      (d) => d.withdrawReferral,
    );
  }),
];
