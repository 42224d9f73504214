/**
 * Every request's token is verified by the implementation itself, whoever forwards it: a person-level
 * read with each token of the adversarial set is refused with `UNAUTHENTICATED` and answers no data.
 */
import type { TokenRequest } from '../tokens';
import { type Check, type Target, dataOf, fail, minter, pass, refusedWith } from './check';
import { CASE_LISTING, PERSON_PURPOSE, subjectOf } from './fixtures';

const UNTRUSTED_ISSUER = 'https://untrusted-issuer.conformance.invalid';
const OTHER_AUDIENCE = 'conformance-another-audience';

function coordinator(target: Target, label: string): TokenRequest {
  return { roles: ['NATIONAL_COORDINATOR'], subject: subjectOf(target, label) };
}

/**
 * The adversarial set: a name and how to make the token (null: no Authorization header at all). The
 * first two need no key, so they run without --issuer-key too.
 */
const ADVERSARIAL: [string, (target: Target) => Promise<string | null>][] = [
  ['no token at all', async () => null],
  ['a malformed token', async () => 'not.a-token.at-all'],
  [
    'an expired token',
    (target) => minter(target).sign({ ...coordinator(target, 'expired'), expiresIn: -3600 }),
  ],
  [
    'a token for another audience',
    (target) => minter(target).sign({ ...coordinator(target, 'audience'), audience: OTHER_AUDIENCE }),
  ],
  [
    'a token of an untrusted issuer',
    (target) => minter(target).sign({ ...coordinator(target, 'issuer'), issuer: UNTRUSTED_ISSUER }),
  ],
  [
    "a token signed by another key under the issuer's key id",
    (target) => minter(target).signWithStrangerKey(coordinator(target, 'stranger-key')),
  ],
  [
    'a token whose claims were edited after signing (an analyst made a coordinator)',
    (target) =>
      minter(target).edited({ roles: ['ANALYST'], subject: subjectOf(target, 'edited') }, (claims) => ({
        ...claims,
        roles: ['NATIONAL_COORDINATOR'],
      })),
  ],
  ['an unsigned token (alg: none)', (target) => minter(target).unsigned(coordinator(target, 'alg-none'))],
  [
    'an HS256 token keyed with the public key set (algorithm confusion)',
    (target) => minter(target).hmacWithPublicKeys(coordinator(target, 'hs256')),
  ],
  [
    "a token of the issuer vouching for another country's user",
    (target) =>
      minter(target).sign({
        ...coordinator(target, 'foreign-user'),
        claims: { country: target.foreignCountry },
      }),
  ],
];

const keyIsPublished: Check = {
  area: 'authentication',
  name: "the kit's signing key is one the issuer publishes (--issuer-key is in --issuer-jwks)",
  async run(target) {
    const tokens = minter(target);
    return tokens.keyIsPublished
      ? pass(`key id ${tokens.kid ?? '(none)'}, ${tokens.algorithm}`)
      : fail(
          "the private key's public half is not in the key set: give the issuer's own key pair, or every check below is meaningless",
        );
  },
};

const validTokenAccepted: Check = {
  area: 'authentication',
  name: "a valid coordinator's token of the trusted issuer is accepted",
  async run(target) {
    const token = await minter(target).sign(coordinator(target, 'valid'));
    const answer = await target.client.post(target.nationalUrl, CASE_LISTING, {
      token,
      purpose: PERSON_PURPOSE,
    });
    dataOf(answer, 'a case listing with a valid token');
    return pass(`answered HTTP ${answer.status} with data`);
  },
};

const refusals: Check[] = ADVERSARIAL.map(([name, make]) => ({
  area: 'authentication',
  name: `${name} is refused`,
  async run(target: Target) {
    const token = await make(target);
    const answer = await target.client.post(target.nationalUrl, CASE_LISTING, {
      token,
      purpose: PERSON_PURPOSE,
    });
    return refusedWith(answer, ['UNAUTHENTICATED'], (data) => data.cases);
  },
}));

const crossborderVerifies: Check = {
  area: 'authentication',
  name: 'the crossborder endpoint verifies tokens too (none, another key)',
  async run(target) {
    const query = '{ caseLinks { id } }';
    const none = await target.client.post(target.crossborderUrl, query, {
      token: null,
      purpose: PERSON_PURPOSE,
    });
    const noneResult = refusedWith(none, ['UNAUTHENTICATED'], (data) => data.caseLinks);
    if (noneResult.status !== 'pass') return fail(`without a token: ${noneResult.reason}`);
    const stranger = await minter(target).signWithStrangerKey(coordinator(target, 'crossborder'));
    const forged = await target.client.post(target.crossborderUrl, query, {
      token: stranger,
      purpose: PERSON_PURPOSE,
    });
    const forgedResult = refusedWith(forged, ['UNAUTHENTICATED'], (data) => data.caseLinks);
    if (forgedResult.status !== 'pass') return fail(`with another key: ${forgedResult.reason}`);
    return pass('both refused with UNAUTHENTICATED');
  },
};

export const authenticationChecks: Check[] = [
  keyIsPublished,
  validTokenAccepted,
  ...refusals,
  crossborderVerifies,
];
