import { existsSync, readFileSync, statSync } from 'node:fs';
import { GraphQLError } from 'graphql';
import {
  type JWTPayload,
  type JWTVerifyGetKey,
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
} from 'jose';
import type { AuthSettings } from './authSettings';
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

/** A key set read from a JWKS file, re-read when the file changes (key rotation without restart). */
function fileKeySet(path: string): JWTVerifyGetKey {
  let loadedMtime = -1;
  let checkedAt = 0;
  let keySet: JWTVerifyGetKey | null = null;
  const load = () => {
    const now = Date.now();
    if (keySet && now - checkedAt < JWKS_FILE_CHECK_MS) return keySet;
    checkedAt = now;
    const mtime = statSync(path).mtimeMs;
    if (!keySet || mtime !== loadedMtime) {
      keySet = createLocalJWKSet(JSON.parse(readFileSync(path, 'utf8')));
      loadedMtime = mtime;
    }
    return keySet;
  };
  return (header, token) => load()(header, token);
}

/**
 * Verifies bearer tokens: signature against the JWKS, a trusted issuer, the network audience, expiry,
 * and claims the issuer must have signed (home country = the issuer's country, known roles). Every
 * service runs its own verifier: no country trusts another hop with its access decisions.
 */
export class BearerVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly settings: AuthSettings) {
    if (/^https?:\/\//.test(settings.jwks)) {
      this.keys = createRemoteJWKSet(new URL(settings.jwks), {
        cacheMaxAge: 10 * 60_000,
        cooldownDuration: 30_000,
      });
    } else {
      if (!existsSync(settings.jwks)) {
        throw new Error(
          `no JWKS at ${settings.jwks}: set AUTH_JWKS to the network's key set (a file or an https URL); for the local network run \`npm start\` or \`npm run token\` once to generate keys.`,
        );
      }
      this.keys = fileKeySet(settings.jwks);
    }
  }

  async verify(authorization: string | undefined | null): Promise<Principal> {
    if (!authorization)
      throw unauthenticated('This request needs a bearer token: send "Authorization: Bearer <token>".');
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>".');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(match[1] as string, this.keys, {
        issuer: [...this.settings.issuers.keys()],
        audience: this.settings.audience,
        algorithms: ACCEPTED_ALGORITHMS,
        clockTolerance: this.settings.clockToleranceSeconds,
        requiredClaims: ['sub', 'exp', 'iss', 'aud'],
      }));
    } catch (error) {
      throw unauthenticated(describeFailure(error));
    }
    return this.principalOf(payload);
  }

  private principalOf(payload: JWTPayload): Principal {
    const issuer = payload.iss as string;
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
    return { subject: payload.sub as string, country, organisation, roles: roles as RoleName[], issuer };
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof errors.JWTExpired)
    return 'The bearer token has expired; get a new one from your identity provider.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'The bearer token was issued by an issuer this network does not trust.';
    if (error.claim === 'aud') return 'The bearer token is not meant for this network (wrong audience).';
    return `The bearer token's "${error.claim}" claim is invalid.`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return 'The bearer token is signed with an algorithm this network does not accept.';
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'The bearer token signature does not verify.';
  if (error instanceof errors.JWKSNoMatchingKey)
    return 'The bearer token is signed with a key this network does not know.';
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
