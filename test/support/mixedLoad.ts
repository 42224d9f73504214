import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { coordinatorOf } from './auth';
import { type GraphqlResponse, postGraphql } from './graphql';
import type { NordicNetwork } from './nordicNetwork';

/** One client request of a load run: when it started and ended (seconds into the load) and how it was answered. */
export interface Outcome {
  at: number;
  end: number;
  status: number;
  hasData: boolean;
  /** [code, country] of each error. */
  errors: [string, string][];
  /** The message of each error, in the order of `errors` (for the report of an unexpected one). */
  messages: string[];
}

/**
 * A fault of a reliability test: which country, which error codes it may cause, and when it is planned
 * (seconds into the load). The test records when it really began and ended (`began`, `ended`: set by
 * `LoadClock.during`), and errors are judged against those moments, not against the plan — on a busy
 * machine a fault is applied and lifted later than planned.
 */
export interface Fault {
  country: string;
  codes: string[];
  from: number;
  to: number;
  began?: number;
  ended?: number;
}

/** Resident memory of a process in MiB, from /proc. */
export function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Seconds since the load started, and a wait until a given second of it. */
export class LoadClock {
  private readonly started = Date.now();

  elapsed(): number {
    return (Date.now() - this.started) / 1000;
  }

  until(seconds: number): Promise<void> {
    return new Promise((r) => setTimeout(r, Math.max(0, seconds - this.elapsed()) * 1000));
  }

  /**
   * Applies a fault at its planned second, and records when it really began (before `apply` was
   * called: the fault may take effect at any moment of it) and ended (once `lift` has returned: only
   * then is the country back), so that errors are judged against what happened, not against the plan.
   */
  async during<T>(
    fault: Fault,
    apply: () => Promise<void>,
    work: () => Promise<T>,
    lift: () => Promise<void>,
  ): Promise<T> {
    await this.until(fault.from);
    fault.began = this.elapsed();
    await apply();
    const result = await work();
    await this.until(fault.to);
    await lift();
    fault.ended = this.elapsed();
    return result;
  }

  /** Repeats `attempt` every half second while `retry` says so and `deadline` (seconds) has not passed. */
  async retry<T>(attempt: () => Promise<T>, retry: (answer: T) => boolean, deadline: number): Promise<T> {
    let answer = await attempt();
    while (retry(answer) && this.elapsed() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      answer = await attempt();
    }
    return answer;
  }
}

/** Ids of Finnish cases linked to other countries' cases (their timelines cross borders). */
export async function linkedFinnishCases(gatewayUrl: string, token: string): Promise<string[]> {
  const linked = await untilKnown(() =>
    postGraphql(gatewayUrl, '{ caseLinks(countries: [FI]) { caseA { id } } }', undefined, { token }),
  );
  if (linked.errors)
    throw new Error(`Finland's case links could not be read: ${JSON.stringify(linked.errors)}`);
  return [...new Set((linked.data?.caseLinks as any[]).map((l) => l.caseA.id as string))].slice(0, 20);
}

/**
 * `clients` clients sending mixed cross-border queries through the gateway until `seconds` into the load:
 * five-country statistics, scattered referral lists, and case timelines that cross to other countries.
 */
export async function runMixedLoad(options: {
  gatewayUrl: string;
  token: string;
  caseIds: string[];
  clients: number;
  seconds: number;
  clock: LoadClock;
}): Promise<Outcome[]> {
  const { caseIds, clock } = options;
  const queries: ((i: number) => { query: string; variables?: Record<string, unknown> })[] = [
    () => ({ query: '{ countries { code statistics(year: 2023, groupBy: [SEX]) { value suppressed } } }' }),
    () => ({ query: '{ referrals(direction: OUTGOING) { id status } }' }),
    (i) => ({
      query:
        'query($id: ID!) { case(id: $id) { id events { country } links { caseB { id country events { country } } } } }',
      variables: { id: caseIds[i % caseIds.length] },
    }),
  ];
  const outcomes: Outcome[] = [];
  const client = async (n: number) => {
    for (let i = n; clock.elapsed() < options.seconds; i += options.clients) {
      const at = clock.elapsed();
      const { query, variables } = (queries[i % queries.length] as (typeof queries)[number])(i);
      const response = await postGraphql(options.gatewayUrl, query, variables, { token: options.token });
      outcomes.push({
        at,
        end: clock.elapsed(),
        status: response.status,
        hasData: response.data !== null && response.data !== undefined,
        errors: (response.errors ?? []).map((e) => [
          String(e.extensions?.code),
          String(e.extensions?.country),
        ]),
        messages: (response.errors ?? []).map((e) => e.message),
      });
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, n) => client(n)));
  return outcomes;
}

/**
 * What every reliability test asserts of a load run: requests under way in every phase of it (see
 * uncoveredPhases); every request answered with HTTP 200 and data
 * (partial where a country failed); errors only of the faults' countries and codes, and only during a
 * fault plus `recoverySeconds`; every fault seen; no error in the last 5 s; and the gateway's memory
 * grown by less than 200 MiB (a leak per request would show).
 */
export function expectLoadSurvived(
  outcomes: Outcome[],
  faults: Fault[],
  run: { recoverySeconds: number; seconds: number; memoryGrowthMiB: number },
): void {
  expect(uncoveredPhases(outcomes, faults)).toEqual([]);
  expect(outcomes.filter((o) => o.status !== 200 || !o.hasData)).toEqual([]);
  expect(unexpectedErrors(outcomes, faults, run.recoverySeconds)).toEqual([]);
  for (const fault of faults)
    expect([fault.country, sawError(outcomes, fault.country)]).toEqual([fault.country, true]);
  expect(errorsAtTheEnd(outcomes, 5, run.seconds)).toEqual([]);
  expect(run.memoryGrowthMiB).toBeLessThan(200);
}

/**
 * What the reliability tests' writes start from: a Finnish referral (from a Finnish case linked abroad)
 * to `receiver`, to be accepted during a fault, and a Swedish case from which Sweden creates a referral
 * during a fault; with counters of the rows each write may leave, read from the countries' stores.
 */
export async function interruptedWrites(network: NordicNetwork, receiver: string) {
  const gatewayUrl = network.gatewayUrl;
  const [finland, sweden, receiving] = await Promise.all(['FI', 'SE', receiver].map((c) => coordinatorOf(c)));
  const caseIds = await linkedFinnishCases(gatewayUrl, finland as string);
  const key = randomUUID();
  const created = await untilKnown(() =>
    createReferral(gatewayUrl, finland as string, caseIds[0] as string, receiver, key),
  );
  const referralId = (created.data?.createReferral as { id: string } | undefined)?.id;
  if (!referralId)
    throw new Error(`the referral to ${receiver} was not created: ${JSON.stringify(created.errors)}`);
  const swedishCase = await firstCaseOf(gatewayUrl, 'SE', sweden as string);
  const swedishReferrals = () => rowCount(network, 'SE', 'referrals', 'case_id', swedishCase);
  return {
    finland: finland as string,
    caseIds,
    /** The receiver's coordinator accepting the Finnish referral with an idempotency key. */
    accept: (key: string) => acceptReferral(gatewayUrl, receiving as string, referralId, key),
    /** Cases the receiver opened from the Finnish referral. */
    openedByReceiver: () => rowCount(network, receiver, 'cases', 'origin_referral_id', referralId),
    /** Sweden's coordinator creating a referral from the Swedish case to `to` with an idempotency key. */
    createSwedish: (to: string, key: string) =>
      createReferral(gatewayUrl, sweden as string, swedishCase, to, key),
    swedishReferrals,
    swedishReferralsBefore: await swedishReferrals(),
  };
}

/** Codes that leave a write's outcome unknown: a country did not answer in time, or could not be reached. */
const OUTCOME_UNKNOWN = ['COUNTRY_TIMEOUT', 'COUNTRY_UNAVAILABLE', 'CROSS_BORDER_UNAVAILABLE'];

/**
 * A write (one idempotency key) or a read of a test's set-up, repeated while its outcome is unknown, as a user
 * would: on a busy host a country may take longer than a test network's short timeout, and that is not
 * what the test is about. Three attempts at most.
 */
export async function untilKnown(send: () => Promise<GraphqlResponse>): Promise<GraphqlResponse> {
  let answer = await send();
  for (
    let attempt = 1;
    attempt < 3 && OUTCOME_UNKNOWN.includes(String(answer.errors?.[0]?.extensions?.code));
    attempt++
  )
    answer = await send();
  return answer;
}

/** The first case a country's coordinator sees of their own country (a set-up read, as `untilKnown`). */
export async function firstCaseOf(gatewayUrl: string, country: string, token: string): Promise<string> {
  const page = await untilKnown(() =>
    postGraphql(gatewayUrl, `{ cases(countries: [${country}], first: 1) { nodes { id } } }`, undefined, {
      token,
    }),
  );
  const id = (page.data?.cases as { nodes: { id: string }[] }[] | undefined)?.[0]?.nodes[0]?.id;
  if (!id) throw new Error(`no case of ${country} could be read: ${JSON.stringify(page.errors)}`);
  return id;
}

/** Rows of a country's table whose `column` is `value`, counted in its store (behind its service). */
export async function rowCount(
  network: NordicNetwork,
  country: string,
  table: 'cases' | 'referrals',
  column: 'origin_referral_id' | 'case_id',
  value: string,
): Promise<number> {
  return Number(
    (await network.sql(country, `SELECT count(*) AS n FROM ${table} WHERE ${column} = $1`, [value]))[0]?.n,
  );
}

/**
 * Errors of a load run that no fault explains: of another country or code, or of a request that was not
 * under way at any moment from when the fault began until `recoverySeconds` after it ended (as recorded,
 * else as planned). A request is judged by the whole time it was under way, not by when it started: one
 * sent just before a country is cut off waits for it while it is cut off. Directory countries without a
 * national service (`COUNTRY_NOT_CONNECTED`) are not errors of a fault.
 */
export function unexpectedErrors(
  outcomes: Outcome[],
  faults: Fault[],
  recoverySeconds: number,
): { at: number; end: number; code: string; country: string; message: string }[] {
  const explained = (o: Outcome, code: string, country: string) =>
    faults.some(
      (f) =>
        f.country === country &&
        f.codes.includes(code) &&
        o.end >= (f.began ?? f.from) &&
        o.at <= (f.ended ?? f.to) + recoverySeconds,
    );
  const seconds = (t: number) => Math.round(t * 10) / 10;
  return outcomes.flatMap((o) =>
    o.errors.flatMap(([code, country], i) =>
      code === 'COUNTRY_NOT_CONNECTED' || explained(o, code, country)
        ? []
        : [{ at: seconds(o.at), end: seconds(o.end), code, country, message: o.messages[i] ?? '' }],
    ),
  );
}

/**
 * The phases of a load run in which no request was under way: before the first fault, during each fault,
 * and after each fault ended. How many requests a run makes depends on the machine (a loaded host
 * made 66 in a minute, a quiet one over 200), so the run is judged by whether it exercised each phase,
 * not by a count of requests per minute.
 */
export function uncoveredPhases(outcomes: Outcome[], faults: Fault[]): string[] {
  const underWay = (from: number, to: number) => outcomes.some((o) => o.end >= from && o.at <= to);
  const first = Math.min(...faults.map((f) => f.began ?? f.from));
  return [
    ...(underWay(0, first) ? [] : ['before the first fault']),
    ...faults.flatMap((f) => {
      const [began, ended] = [f.began ?? f.from, f.ended ?? f.to];
      return [
        ...(underWay(began, ended) ? [] : [`during ${f.country}'s fault`]),
        ...(outcomes.some((o) => o.at >= ended) ? [] : [`after ${f.country}'s fault`]),
      ];
    }),
  ];
}

/** Whether any request of the run got an error of `country` (with `code`, if given). */
export function sawError(outcomes: Outcome[], country: string, code?: string): boolean {
  return outcomes.some((o) =>
    o.errors.some(([c, cc]) => cc === country && (code === undefined || c === code)),
  );
}

/** Errors (other than directory-only countries) of the requests in the last `seconds` of a load of `total` seconds. */
export function errorsAtTheEnd(outcomes: Outcome[], seconds: number, total: number): [string, string][] {
  const last = outcomes.filter((o) => o.at > total - seconds);
  if (last.length === 0) throw new Error(`no request in the last ${seconds} s of the load`);
  return last.flatMap((o) => o.errors.filter(([code]) => code !== 'COUNTRY_NOT_CONNECTED'));
}

const REFERRAL_REQUEST =
  '{ toCountry: $to, reason: MIGRATION_OR_CHANGE_OF_LOCATION, urgency: URGENT, needs: [SAFE_ACCOMMODATION], legalBasis: GDPR_6_1_E, consentRecorded: true }';

/** `createReferral` through the gateway, as a coordinator working on a cross-border referral. */
export function createReferral(
  gatewayUrl: string,
  token: string,
  caseId: string,
  to: string,
  key: string,
): Promise<GraphqlResponse> {
  return postGraphql(
    gatewayUrl,
    `mutation($caseId: ID!, $to: CountryCode!, $key: String!) { createReferral(caseId: $caseId, idempotencyKey: $key, request: ${REFERRAL_REQUEST}) { id status } }`,
    { caseId, to, key },
    { token, purpose: 'CROSS_BORDER_REFERRAL' },
  );
}

/** `respondToReferral(decision: ACCEPT)` through the gateway, as the receiving country's coordinator. */
export function acceptReferral(
  gatewayUrl: string,
  token: string,
  id: string,
  key: string,
): Promise<GraphqlResponse> {
  return postGraphql(
    gatewayUrl,
    'mutation($id: ID!, $key: String!) { respondToReferral(id: $id, decision: ACCEPT, idempotencyKey: $key) { status destinationCase { id } } }',
    { id, key },
    { token, purpose: 'CROSS_BORDER_REFERRAL' },
  );
}
