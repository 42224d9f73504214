import { existsSync, readFileSync, statSync } from 'node:fs';
import { GraphQLError } from 'graphql';
import {
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  errors,
  jwtVerify,
} from 'jose';
import { type AuthSettings, invalidAuthConfig } from './authSettings';
import { isDataFreeOperation } from './dataFreeOperation';
import { type Principal, ROLES, type RoleName } from './principal';

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

/** How often a JWKS file is checked for changes (key rotation) — not on every request. */
const JWKS_FILE_CHECK_MS = 10_000;

/**
 * The longest subject (`sub`) accepted: a pseudonymous id, and what every country's audit log records
 * as the actor (`audit_events.actor_id`, 128 characters), so an authenticated caller can always be audited.
 */
export const SUBJECT_MAX_LENGTH = 128;

/** One trusted issuer's own key set, from its JWKS file or URL. */
interface IssuerKeySet {
  issuer: string;
  /** The file path or URL, as AUTH_ISSUER_JWKS gives it. */
  location: string;
  getKey: JWTVerifyGetKey;
  /** The key ids of the set as last loaded (undefined before a remote set is first fetched). */
  kids(): string[] | undefined;
  /** Loads the set now (the start-up check). */
  load(): Promise<void>;
}

/** The token's issuer's key set could not be read or fetched: nothing to verify the signature with. */
class KeySetUnavailable extends Error {}

/** Two issuers' sets share a key id: this service verifies neither issuer's tokens until it is fixed. */
class KeySetConflict extends Error {}

function kidsOf(jwks: JSONWebKeySet | undefined): string[] | undefined {
  return jwks?.keys.map((k) => k.kid).filter((kid): kid is string => typeof kid === 'string');
}

function assertJwksFile(issuer: string, path: string): void {
  if (!existsSync(path)) {
    throw invalidAuthConfig(
      'AUTH_ISSUER_JWKS',
      `no JWKS at ${path}, the key set of ${issuer}; point it at the issuer's JWKS file or https URL (for the local network run \`npm start\` or \`npm run token\` once to generate keys)`,
    );
  }
}

function readJwks(issuer: string, path: string): JSONWebKeySet {
  let jwks: unknown;
  try {
    jwks = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw invalidAuthConfig(
      'AUTH_ISSUER_JWKS',
      `${path}, the key set of ${issuer}, is not JSON; it must be a JWKS ({"keys": [...]})`,
    );
  }
  if (!jwks || typeof jwks !== 'object' || !Array.isArray((jwks as JSONWebKeySet).keys)) {
    throw invalidAuthConfig(
      'AUTH_ISSUER_JWKS',
      `${path}, the key set of ${issuer}, is not a JWKS ({"keys": [...]})`,
    );
  }
  return jwks as JSONWebKeySet;
}

/** A key set read from a JWKS file, re-read when the file changes (key rotation without restart). */
function fileKeySet(issuer: string, path: string): IssuerKeySet {
  let loadedMtime = -1;
  let checkedAt = 0;
  let jwks: JSONWebKeySet | undefined;
  let keySet: JWTVerifyGetKey | null = null;
  const load = (): JWTVerifyGetKey => {
    const now = Date.now();
    if (keySet && now - checkedAt < JWKS_FILE_CHECK_MS) return keySet;
    checkedAt = now;
    assertJwksFile(issuer, path);
    const mtime = statSync(path).mtimeMs;
    if (!keySet || mtime !== loadedMtime) {
      const read = readJwks(issuer, path);
      try {
        keySet = createLocalJWKSet(read);
      } catch (error) {
        throw invalidAuthConfig(
          'AUTH_ISSUER_JWKS',
          `${path}, the key set of ${issuer}, is not a valid JWKS (${(error as Error).message})`,
        );
      }
      jwks = read;
      loadedMtime = mtime;
    }
    return keySet;
  };
  load(); // at start: a missing or malformed file stops the service, naming the issuer
  return {
    issuer,
    location: path,
    getKey: (header, token) => {
      let current: JWTVerifyGetKey;
      try {
        current = load();
      } catch {
        throw new KeySetUnavailable(issuer);
      }
      return current(header, token);
    },
    kids: () => kidsOf(jwks),
    load: async () => void load(),
  };
}

/** Errors of a key set lookup that say something about the token, not about the key set's source. */
const TOKEN_KEY_ERRORS = [
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
  errors.JOSEAlgNotAllowed,
  errors.JOSENotSupported,
];

/** A key set fetched from a URL (an issuer's `jwks_uri`), cached and refreshed by jose. */
function remoteKeySet(issuer: string, url: string): IssuerKeySet {
  const remote = createRemoteJWKSet(new URL(url), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 });
  return {
    issuer,
    location: url,
    getKey: async (header, token) => {
      try {
        return await remote(header, token);
      } catch (error) {
        if (TOKEN_KEY_ERRORS.some((type) => error instanceof type)) throw error;
        throw new KeySetUnavailable(issuer);
      }
    },
    kids: () => kidsOf(remote.jwks()),
    load: () => remote.reload(),
  };
}

/**
 * Verifies bearer tokens: the token's issuer must be trusted, and its signature must verify with a key of
 * THAT issuer's own key set (chosen by `iss` before verifying, with the issuer pinned), for the network
 * audience, unexpired, with claims the issuer must have signed (a usable subject, home country = the
 * issuer's country, known roles). A key of one country's identity provider never verifies a token in
 * another issuer's name. Every service runs its own verifier: no country trusts another hop with its
 * access decisions.
 */
export class BearerVerifier {
  private readonly keySets = new Map<string, IssuerKeySet>();

  /**
   * Reads every file key set now; throws (naming AUTH_ISSUER_JWKS and the fix) on a missing or malformed
   * file or on a key id in two issuers' sets. Remote sets are fetched on first use: see `start`.
   */
  constructor(private readonly settings: AuthSettings) {
    for (const [issuer, location] of settings.keySets) {
      const keySet = /^https?:\/\//.test(location)
        ? remoteKeySet(issuer, location)
        : fileKeySet(issuer, location);
      this.keySets.set(issuer, keySet);
    }
    const conflict = this.firstConflict();
    if (conflict) throw invalidAuthConfig('AUTH_ISSUER_JWKS', conflict);
  }

  /**
   * A verifier whose remote key sets have been fetched once, so that a key id shared by two issuers'
   * sets stops the service at start. An issuer whose set cannot be fetched now does not: its tokens are
   * refused until it can (a warning says so), and the other countries keep working.
   */
  static async start(settings: AuthSettings): Promise<BearerVerifier> {
    const verifier = new BearerVerifier(settings);
    await Promise.all(
      [...verifier.keySets.values()].map((keySet) =>
        keySet.load().catch((error: unknown) => {
          process.emitWarning(
            `the key set of ${keySet.issuer} (${keySet.location}) could not be fetched at start (${error instanceof Error ? error.message : String(error)}); its tokens are refused until it can be.`,
          );
        }),
      ),
    );
    const conflict = verifier.firstConflict();
    if (conflict) throw invalidAuthConfig('AUTH_ISSUER_JWKS', conflict);
    return verifier;
  }

  /** A key id present in two issuers' sets as last loaded (`only`: conflicts involving that issuer). */
  private firstConflict(only?: string): string | null {
    const owner = new Map<string, string>();
    for (const keySet of this.keySets.values()) {
      for (const kid of keySet.kids() ?? []) {
        const other = owner.get(kid);
        if (
          other !== undefined &&
          other !== keySet.issuer &&
          (!only || only === other || only === keySet.issuer)
        ) {
          return `key id "${kid}" is in the key sets of both ${other} (${this.settings.keySets.get(other)}) and ${keySet.issuer} (${keySet.location}); each issuer must sign with keys of its own, with distinct key ids`;
        }
        owner.set(kid, keySet.issuer);
      }
    }
    return null;
  }

  async verify(authorization: string | undefined | null): Promise<Principal> {
    if (!authorization)
      throw unauthenticated('This request needs a bearer token: send "Authorization: Bearer <token>".');
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>".');
    const token = match[1] as string;
    // The key set is chosen by the (not yet verified) issuer; the signature must then verify with a
    // key of that issuer, and the issuer is pinned, so a token can only speak for the issuer that signed it.
    const keySet = this.keySets.get(this.claimedIssuer(token));
    if (!keySet)
      throw unauthenticated('The bearer token was issued by an issuer this network does not trust.');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.checkedKeys(keySet), {
        issuer: keySet.issuer,
        audience: this.settings.audience,
        algorithms: ACCEPTED_ALGORITHMS,
        clockTolerance: this.settings.clockToleranceSeconds,
        requiredClaims: ['sub', 'exp', 'iss', 'aud'],
      }));
    } catch (error) {
      throw unauthenticated(describeFailure(error, keySet.issuer));
    }
    return this.principalOf(payload);
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

  /** The issuer's key lookup, refusing while its set shares a key id with another issuer's (after a rotation). */
  private checkedKeys(keySet: IssuerKeySet): JWTVerifyGetKey {
    return async (header, token) => {
      const key = await keySet.getKey(header, token);
      const conflict = this.firstConflict(keySet.issuer);
      if (conflict) throw new KeySetConflict(conflict);
      return key;
    };
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
