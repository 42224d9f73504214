import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type JWK, SignJWT, exportJWK, generateKeyPair, importJWK } from 'jose';
import { DEV_AUTH_DIR, DEV_COUNTRIES, NETWORK_AUDIENCE, devIssuer, devJwksPath } from './authSettings';
import type { RoleName } from './principal';
import { ensureDevLookupSigningKeys } from '../lookupSigningKeys';

/**
 * The local network's identity providers: one ES256 signing key per country, generated on first use
 * into `<dir>/private` (./data/dev-auth, ignored by git), and for each country a JWKS with the public
 * half of that country's key only (`<dir>/<cc>.jwks.json`), which AUTH_ISSUER_JWKS maps to that
 * country's issuer. Existing keys are kept; a country's JWKS is (re)written from its private key when it
 * is missing or names another key. Also the national services' keys that sign person-match lookups, in
 * `<dir>/service` (see lookupSigningKeys.ts). `countries` are the members to have keys for (default the
 * local network's five; a country that joins is added by configuration). Returns `dir`.
 */
export async function ensureDevKeys(
  dir: string = DEV_AUTH_DIR,
  countries: readonly string[] = DEV_COUNTRIES,
): Promise<string> {
  await ensureDevLookupSigningKeys(join(dir, 'service'), countries);
  mkdirSync(join(dir, 'private'), { recursive: true });
  for (const country of countries) {
    if (!existsSync(privateKeyPath(dir, country))) {
      const { privateKey } = await generateKeyPair('ES256', { extractable: true });
      const kid = `${country.toLowerCase()}-dev-${Date.now().toString(36)}`;
      const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256' };
      writeAtomically(privateKeyPath(dir, country), JSON.stringify(privateJwk), 0o600);
    }
    const privateJwk = JSON.parse(readFileSync(privateKeyPath(dir, country), 'utf8')) as JWK;
    const jwksPath = devJwksPath(country, dir);
    const current = existsSync(jwksPath)
      ? (JSON.parse(readFileSync(jwksPath, 'utf8')) as { keys?: JWK[] })
      : null;
    if (current?.keys?.length === 1 && current.keys[0]?.kid === privateJwk.kid) continue;
    const publicJwk: JWK = { ...privateJwk };
    delete publicJwk.d;
    writeAtomically(jwksPath, JSON.stringify({ keys: [{ ...publicJwk, use: 'sig' }] }, null, 2));
  }
  return dir;
}

/** Writes through a temporary file and a rename, so that a reader never sees half a key. */
function writeAtomically(path: string, content: string, mode?: number): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content, mode === undefined ? undefined : { mode });
  if (mode !== undefined) chmodSync(temporary, mode);
  renameSync(temporary, path);
}

/** Whether the local identity provider of `country` has a key in `dir` (a member added by configuration has one once `npm start` made it). */
export function hasDevKey(country: string, dir: string = DEV_AUTH_DIR): boolean {
  return /^[A-Z]{2}$/.test(country) && existsSync(privateKeyPath(dir, country));
}

function privateKeyPath(dir: string, country: string): string {
  return join(dir, 'private', `${country.toLowerCase()}.jwk.json`);
}

export interface DevTokenRequest {
  country: string;
  roles: RoleName[];
  subject?: string;
  organisation?: string;
  /** Lifetime in seconds (default one hour). */
  ttlSeconds?: number;
  audience?: string;
}

/** Signs a token as the local network's identity provider of `country`. */
export async function issueDevToken(request: DevTokenRequest, dir: string = DEV_AUTH_DIR): Promise<string> {
  const jwk = JSON.parse(readFileSync(privateKeyPath(dir, request.country), 'utf8')) as JWK;
  const key = await importJWK(jwk, 'ES256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    country: request.country,
    roles: request.roles,
    ...(request.organisation ? { org: request.organisation } : {}),
  })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid as string, typ: 'JWT' })
    .setIssuer(devIssuer(request.country))
    .setAudience(request.audience ?? NETWORK_AUDIENCE)
    .setSubject(
      request.subject ?? `${request.country.toLowerCase()}-${request.roles[0]?.toLowerCase() ?? 'user'}-dev`,
    )
    .setIssuedAt(now)
    .setExpirationTime(now + (request.ttlSeconds ?? 3600))
    .sign(key);
}
