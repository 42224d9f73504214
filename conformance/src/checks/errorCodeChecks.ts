/**
 * The implementation speaks the contract's error codes (schema/src/errors.ts, docs/errors.md): bad
 * input gets the documented code, and every error it returned during the whole run carries a code of
 * the contract. Runs last, over everything the other checks received.
 */
import { ErrorCode } from '@nordic/schema/errors';
import { type Check, pass, fail, refusedWith } from './check';
import { PERSON_PURPOSE, tokenOf } from './fixtures';

/**
 * The contract's codes and the transport's own that docs/errors.md lists: authentication (HTTP 401),
 * a request limit (HTTP 429) and GraphQL's own for operations that do not parse or validate.
 */
export const ACCEPTED_CODES: ReadonlySet<string> = new Set([
  ...Object.values(ErrorCode),
  'UNAUTHENTICATED',
  'RATE_LIMITED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
]);

/** Bad input and the code it must get: [what, query, code, the field that must stay empty]. */
const BAD_INPUT: [string, string, string, string][] = [
  ['a malformed global id', '{ case(id: "not-a-global-id") { id } }', 'INVALID_GLOBAL_ID', 'case'],
  ['a page size outside 1–100', '{ cases(first: 1000) { nodes { id } } }', 'BAD_USER_INPUT', 'cases'],
  [
    'an operation outside the schema',
    '{ cases(first: 1) { noSuchField } }',
    'GRAPHQL_VALIDATION_FAILED',
    'cases',
  ],
];

export const errorCodeChecks: Check[] = [
  ...BAD_INPUT.map(([what, query, code, field]): Check => ({
    area: 'error codes',
    name: `${what} gets ${code}`,
    async run(target) {
      const answer = await target.client.post(target.nationalUrl, query, {
        token: await tokenOf(target, 'NATIONAL_COORDINATOR', 'error-codes'),
        purpose: PERSON_PURPOSE,
      });
      return refusedWith(answer, [code], (d) => d[field]);
    },
  })),
  {
    area: 'error codes',
    name: 'every error of the run carried a code of the contract',
    async run(target) {
      const seen = target.client.seenErrors;
      const wrong = seen.filter((e) => e.code === undefined || !ACCEPTED_CODES.has(e.code));
      if (wrong.length > 0) {
        const first = wrong[0];
        return fail(
          `${wrong.length} of ${seen.length} error(s) without a contract code, e.g. ${first?.code ?? '(no code)'}: "${first?.message.slice(0, 160)}" for ${first?.query.slice(0, 120)}`,
        );
      }
      const codes = [...new Set(seen.map((e) => e.code))].sort();
      return pass(`${seen.length} errors, codes: ${codes.join(', ')}`);
    },
  },
];
