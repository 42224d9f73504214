import { createHash, randomBytes } from 'node:crypto';
import type { MatchTokenValue } from '@nordic/schema';
import {
  ServiceAssertionError,
  type ServiceKeys,
  signServiceAssertion,
  verifyServiceAssertion,
} from '@nordic/subgraph-common';

/**
 * The signed token lookup (DOMAIN §4.4): the asking country's national service signs, with its own
 * service key, each lookup that a person match started with `matchPerson` sends to the other countries.
 * The answering country verifies it before it looks at a token, so `matchTokenLookup` answers only
 * lookups that come from a real, justified, rate-limited and audited match at the case's owner — not a
 * user's own calls, however valid their token.
 *
 * The claims bind the lookup to that match: `iss` the asking country, `sub` the requester (the user whose
 * token travels with it), `aud` the countries asked, `mreq` the match request id, `jh` the SHA-256 of the
 * written justification (its text stays home), `th` the SHA-256 of the tokens, `jti` a nonce (answered
 * once), `exp` a minute after signing.
 */
export const MATCH_LOOKUP_TYPE = 'match-lookup+jwt';
/** Long enough for the gateway's scatter on a busy host; short enough that a leaked lookup is soon useless. */
export const MATCH_LOOKUP_TTL_SECONDS = 60;
/** The clock difference between two countries' services that verification tolerates. */
export const CLOCK_TOLERANCE_SECONDS = 5;
/**
 * How long an answered lookup's nonce is kept: far beyond its validity (60 s, signed no later than now),
 * so a replay is refused by its nonce while it could still verify, and by its expiry after that.
 */
export const NONCE_RETENTION_MS = 2 * 3_600_000;

export interface LookupBinding {
  requestId: string;
  justification: string;
  subject: string;
  audience: readonly string[];
  tokens: readonly MatchTokenValue[];
}

export interface VerifiedLookup {
  askingCountry: string;
  requestId: string;
  nonce: string;
  expiresAt: Date;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The SHA-256 of a lookup's tokens, in a canonical order (one line `scheme|keyVersion|value` each). */
export function tokensHash(
  tokens: readonly Pick<MatchTokenValue, 'scheme' | 'keyVersion' | 'value'>[],
): string {
  return sha256(
    tokens
      .map((t) => `${t.scheme}|${t.keyVersion}|${t.value}`)
      .sort()
      .join('\n'),
  );
}

export function justificationHash(justification: string): string {
  return sha256(justification);
}

/** Signs one lookup of the match request `binding.requestId` as this country's service. */
export function signLookup(keys: ServiceKeys, binding: LookupBinding): Promise<string> {
  return signServiceAssertion(
    keys,
    MATCH_LOOKUP_TYPE,
    {
      sub: binding.subject,
      aud: [...binding.audience],
      jti: randomBytes(16).toString('hex'),
      mreq: binding.requestId,
      jh: justificationHash(binding.justification),
      th: tokensHash(binding.tokens),
    },
    MATCH_LOOKUP_TTL_SECONDS,
  );
}

/**
 * Verifies a signed lookup arriving at `answeringCountry` from a user of `callerCountry`: signed by that
 * country's service, for this country, for this user and exactly these tokens, not expired, with a
 * request id of the asking country. Throws ServiceAssertionError saying what is wrong.
 */
export async function verifyLookup(
  keys: ServiceKeys,
  signed: string,
  expected: {
    answeringCountry: string;
    callerCountry: string;
    callerSubject: string;
    tokens: readonly MatchTokenValue[];
  },
): Promise<VerifiedLookup> {
  const payload = await verifyServiceAssertion(keys, signed, {
    issuer: expected.callerCountry,
    type: MATCH_LOOKUP_TYPE,
    audience: expected.answeringCountry,
    clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS,
  });
  if (payload.sub !== expected.callerSubject) {
    throw new ServiceAssertionError('it was signed for another user than the one whose token came with it');
  }
  if (payload.th !== tokensHash(expected.tokens)) {
    throw new ServiceAssertionError('it was signed for other tokens than the ones sent');
  }
  const requestId = payload.mreq;
  if (
    typeof requestId !== 'string' ||
    !new RegExp(`^${expected.callerCountry}:MatchRequest:\\d+$`).test(requestId)
  ) {
    throw new ServiceAssertionError(`it names no match request of ${expected.callerCountry}`);
  }
  if (typeof payload.jh !== 'string' || !/^[0-9a-f]{64}$/.test(payload.jh)) {
    throw new ServiceAssertionError("it does not bind the request's justification");
  }
  const iat = payload.iat as number;
  const exp = payload.exp as number;
  if (exp - iat > MATCH_LOOKUP_TTL_SECONDS) {
    throw new ServiceAssertionError(`it is valid for longer than ${MATCH_LOOKUP_TTL_SECONDS} seconds`);
  }
  // Signed "in the future", it would outlive the nonces kept (see NONCE_RETENTION_MS).
  if (iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) {
    throw new ServiceAssertionError('it is signed with a time in the future');
  }
  const nonce = payload.jti as string;
  if (!/^[0-9A-Za-z_-]{16,64}$/.test(nonce)) throw new ServiceAssertionError('its nonce is malformed');
  return { askingCountry: expected.callerCountry, requestId, nonce, expiresAt: new Date(exp * 1000) };
}
