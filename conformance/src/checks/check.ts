import type { AnswerData, GraphqlAnswer, GraphqlClient } from '../graphqlClient';
import { errorCodes } from '../graphqlClient';
import type { TokenMinter } from '../tokens';

/** The areas of the report, in the order they are run and printed. */
export const AREAS = [
  'schema',
  'authentication',
  'ownership',
  'cursors',
  'purposes and roles',
  'audit',
  'referrals',
  'statistics',
  'error codes',
] as const;
export type Area = (typeof AREAS)[number];

export type Status = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  status: Status;
  /** What was seen: why it passed, what was wrong, or why it could not be judged. */
  reason: string;
}

export const pass = (reason: string): CheckResult => ({ status: 'pass', reason });
export const fail = (reason: string): CheckResult => ({ status: 'fail', reason });
export const skip = (reason: string): CheckResult => ({ status: 'skip', reason });

/** What every check knows about the implementation under test: URLs, country and a way to mint tokens. */
export interface Target {
  country: string;
  /** Another member country, whose ids, representations and `countries:` the implementation must refuse. */
  foreignCountry: string;
  nationalUrl: string;
  crossborderUrl: string;
  /** The statistics years to examine. */
  years: { from: number; to: number };
  client: GraphqlClient;
  /** Null when no --issuer-key was given: every check that needs a valid token is skipped. */
  tokens: TokenMinter | null;
  /** True with --read-only: the checks that write (referrals) are skipped. */
  readOnly: boolean;
  /** Unique per run, part of every token subject, so the audit checks find this run's own events. */
  runId: string;
  /** Lazily discovered facts shared between checks (e.g. a case id of the country). */
  memo: Map<string, Promise<unknown>>;
}

export interface Check {
  area: Area;
  /** A short sentence saying what must hold, e.g. "a foreign case id is refused". */
  name: string;
  run(target: Target): Promise<CheckResult>;
}

/** A token minter, or the reason the check cannot run without one. */
export function minter(target: Target): TokenMinter {
  if (!target.tokens) throw new SkipCheck('needs --issuer-key to mint tokens for the trusted issuer');
  return target.tokens;
}

/** Thrown inside a check to skip it with a reason (caught by the runner). */
export class SkipCheck extends Error {}

/** Thrown inside a check that cannot go on: it fails with this reason (caught by the runner). */
export class FailCheck extends Error {}

function describe(answer: GraphqlAnswer<unknown>): string {
  const codes = errorCodes(answer);
  if (codes.length === 0) return `HTTP ${answer.status} with no error`;
  const first = answer.errors?.[0];
  return `HTTP ${answer.status}, codes [${codes.map(String).join(', ')}]: "${first?.message.slice(0, 160)}"`;
}

/**
 * Passes when the answer refuses with one of `codes` and gives no data where `leaked` looks; otherwise
 * fails naming what was answered.
 */
export function refusedWith(
  answer: GraphqlAnswer<AnswerData>,
  codes: readonly string[],
  leaked: (data: AnswerData) => unknown = () => null,
): CheckResult {
  const got = errorCodes(answer);
  const data = answer.data ? leaked(answer.data) : null;
  const leakedSomething = data !== null && data !== undefined && !(Array.isArray(data) && data.length === 0);
  if (leakedSomething) return fail(`answered data instead of refusing (${describe(answer)})`);
  if (got.some((c) => c !== undefined && codes.includes(c))) return pass(`refused: ${describe(answer)}`);
  return fail(`expected ${codes.join(' or ')}, got ${describe(answer)}`);
}

/** The answer's data, or a FailCheck naming the errors (for a request that must succeed). */
export function dataOf<T>(answer: GraphqlAnswer<T>, what: string): T {
  if (answer.errors?.length || !answer.data) {
    throw new FailCheck(`${what} should have been answered, got ${describe(answer)}`);
  }
  return answer.data;
}

/** Runs `discover` once per run for `key`, sharing its result between checks. */
export function memo<T>(target: Target, key: string, discover: () => Promise<T>): Promise<T> {
  let value = target.memo.get(key) as Promise<T> | undefined;
  if (!value) {
    value = discover();
    target.memo.set(key, value);
  }
  return value;
}
