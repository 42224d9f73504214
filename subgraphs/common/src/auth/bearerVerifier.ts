import { GraphQLError } from 'graphql';
import { type JWTPayload, decodeJwt, errors, jwtVerify } from 'jose';
import type { AuthSettings } from './authSettings';
import { isDataFreeOperation } from './dataFreeOperation';
import { IssuerKeySets, KeySetConflict, KeySetUnavailable } from './issuerKeySets';
import { type Principal, ROLES, type RoleName } from './principal';
import { VERIFIED_TOKENS_DEFAULTS, VerifiedTokens, type VerifiedTokensOptions } from './verifiedTokens';

/** Signature algorithms the network accepts; `none` and HMAC (shared secrets) are never accepted. */
export const ACCEPTED_ALGORITHMS = ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'];

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: 'UNAUTHENTICATED',
      http: { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) },
    },
  });
}

/**
 * The longest subject (`sub`) accepted: a pseudonymous id, and what every country's audit log records
 * as the actor (`audit_events.actor_id`, 128 characters), so an authenticated caller can always be audited.
 */
export const SUBJECT_MAX_LENGTH = 128;

/**
 * Verifies bearer tokens: the token's issuer must be trusted, and its signature must verify with a key of
 * THAT issuer's own key set (chosen by `iss` before verifying, with the issuer pinned), for the network
 * audience, unexpired, with claims the issuer must have signed (a usable subject, home country = the
 * issuer's country, known roles). A key of one country's identity provider never verifies a token in
 * another issuer's name. Every service runs its own verifier: no country trusts another hop with its
 * access decisions.
 */
export class BearerVerifier {
  private readonly keySets: IssuerKeySets;
  /** Tokens verified before, reused until they expire while their issuer still publishes their key. */
  readonly verified: VerifiedTokens;

  /**
   * Reads every file key set now; throws AuthConfigError (naming AUTH_ISSUER_JWKS and the fix) on a
   * missing or malformed file or on a key id in two issuers' sets. URL sets are fetched by `start`.
   */
  constructor(
    private readonly settings: AuthSettings,
    verifiedTokens: VerifiedTokensOptions = VERIFIED_TOKENS_DEFAULTS,
  ) {
    this.keySets = new IssuerKeySets(settings.keySets);
    this.verified = new VerifiedTokens(verifiedTokens);
  }

  /**
   * A verifier whose URL key sets have been fetched once, so that a key id shared by two issuers' sets
   * stops the service at start; an issuer whose set cannot be fetched now does not (see IssuerKeySets).
   */
  static async start(settings: AuthSettings): Promise<BearerVerifier> {
    const verifier = new BearerVerifier(settings);
    await verifier.keySets.fetchAll();
    return verifier;
  }

  async verify(authorization: string | undefined | null): Promise<Principal> {
    if (!authorization)
      throw unauthenticated('This request needs a bearer token: send "Authorization: Bearer <token>".');
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>".');
    const token = match[1] as string;
    const cacheKey = VerifiedTokens.keyOf(token);
    const reused = this.verified.get(cacheKey);
    if (reused) {
      // Only while its issuer still publishes the key that verified it (a rotation ends the reuse).
      if (this.keySets.holdsKey(reused.principal.issuer, reused.kid)) {
        this.verified.hits++;
        return { ...reused.principal, roles: [...reused.principal.roles] };
      }
      this.verified.delete(cacheKey);
    }
    // The key set is chosen by the (not yet verified) issuer; the signature must then verify with a
    // key of that issuer, and the issuer is pinned, so a token can only speak for the issuer that signed it.
    const issuer = this.claimedIssuer(token);
    const keys = this.keySets.keysOf(issuer);
    if (!keys) throw unauthenticated('The bearer token was issued by an issuer this network does not trust.');
    let payload: JWTPayload;
    let kid: string | undefined;
    try {
      ({
        payload,
        protectedHeader: { kid },
      } = await jwtVerify(token, keys, {
        issuer,
        audience: this.settings.audience,
        algorithms: ACCEPTED_ALGORITHMS,
        clockTolerance: this.settings.clockToleranceSeconds,
        requiredClaims: ['sub', 'exp', 'iss', 'aud'],
      }));
    } catch (error) {
      throw unauthenticated(describeFailure(error, issuer));
    }
    const principal = this.principalOf(payload);
    // jwtVerify required `exp`; a token without a key id is verified every time.
    if (kid !== undefined && typeof payload.exp === 'number') {
      this.verified.set(cacheKey, principal, kid, payload.exp);
      return { ...principal, roles: [...principal.roles] };
    }
    return principal;
  }

  /** The `iss` the token claims, read before any verification only to choose the key set. */
  private claimedIssuer(token: string): string {
    let claims: JWTPayload;
    try {
      claims = decodeJwt(token);
    } catch {
      throw unauthenticated('The bearer token is malformed.');
    }
    if (typeof claims.iss !== 'string')
      throw unauthenticated(
        'The bearer token names no issuer ("iss"); it must come from a trusted identity provider.',
      );
    return claims.iss;
  }

  private principalOf(payload: JWTPayload): Principal {
    const issuer = payload.iss as string;
    const subject = checkedSubject(payload.sub);
    const issuerCountry = this.settings.issuers.get(issuer);
    const country = payload.country;
    if (typeof country !== 'string' || country !== issuerCountry) {
      throw unauthenticated(`The token's home country must be ${issuerCountry}, the country of its issuer.`);
    }
    const roles = payload.roles;
    if (
      !Array.isArray(roles) ||
      roles.length === 0 ||
      !roles.every((r) => (ROLES as readonly string[]).includes(r))
    ) {
      throw unauthenticated(`The token's roles claim must list one or more of ${ROLES.join(', ')}.`);
    }
    const organisation = typeof payload.org === 'string' ? payload.org : null;
    return { subject, country, organisation, roles: roles as RoleName[], issuer };
  }
}

/**
 * The subject as the audit log records it: a non-empty string of at most SUBJECT_MAX_LENGTH characters,
 * without control characters or surrounding white space (which would make two actors look alike).
 */
function checkedSubject(sub: unknown): string {
  const problem =
    typeof sub !== 'string'
      ? 'must be a string'
      : sub.trim() === ''
        ? 'is empty'
        : sub.length > SUBJECT_MAX_LENGTH
          ? `is longer than ${SUBJECT_MAX_LENGTH} characters`
          : sub !== sub.trim() || /\p{Cc}/u.test(sub)
            ? 'has surrounding white space or control characters'
            : null;
  if (problem) {
    throw unauthenticated(
      `The bearer token's subject ("sub") ${problem}; the identity provider must name the user with a pseudonymous id.`,
    );
  }
  return sub as string;
}

function describeFailure(error: unknown, issuer: string): string {
  if (error instanceof KeySetConflict)
    return `The bearer token's issuer ${issuer} shares a key id with another issuer, so its tokens are refused until the key sets are fixed.`;
  if (error instanceof KeySetUnavailable)
    return `The key set of the bearer token's issuer ${issuer} cannot be read now; try again later.`;
  if (error instanceof errors.JWTExpired)
    return 'The bearer token has expired; get a new one from your identity provider.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'The bearer token was issued by an issuer this network does not trust.';
    if (error.claim === 'aud') return 'The bearer token is not meant for this network (wrong audience).';
    if (error.claim === 'sub')
      return 'The bearer token has no subject ("sub"); the identity provider must name the user with a pseudonymous id.';
    return `The bearer token's "${error.claim}" claim is invalid.`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return 'The bearer token is signed with an algorithm this network does not accept.';
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return `The bearer token signature does not verify with a key of its issuer ${issuer}.`;
  if (error instanceof errors.JWKSNoMatchingKey)
    return `The bearer token is signed with a key its issuer ${issuer} does not publish.`;
  if (error instanceof errors.JWKSMultipleMatchingKeys)
    return `The bearer token names no key id ("kid") and its issuer ${issuer} publishes several keys.`;
  if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid)
    return 'The bearer token is malformed.';
  return 'The bearer token could not be verified.';
}

/**
 * The caller of one HTTP request: verified from its bearer token, or null for a data-free operation
 * (`__typename`, `_service`) sent without one. Every service and the gateway decide the same way.
 */
export async function authenticateRequest(
  verifier: BearerVerifier,
  authorization: string | undefined,
  query: unknown,
): Promise<Principal | null> {
  if (!authorization && isDataFreeOperation(query)) return null;
  if (!authorization)
    throw unauthenticated('This request needs a bearer token: send "Authorization: Bearer <token>".');
  return verifier.verify(authorization);
}
