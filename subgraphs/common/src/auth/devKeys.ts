import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type JWK, SignJWT, exportJWK, generateKeyPair, importJWK } from 'jose';
import { DEV_AUTH_DIR, DEV_COUNTRIES, NETWORK_AUDIENCE, devIssuer } from './authSettings';
import type { RoleName } from './principal';
import { ensureDevServiceKeys } from '../serviceKeys';

/**
 * The local network's identity providers: one ES256 signing key per country, generated on first use
 * into ./data/dev-auth (ignored by git), and a JWKS with the public halves that every service trusts.
 * Also the national services' own signing keys, in `<dir>/service` (see serviceKeys.ts).
 */
export async function ensureDevKeys(dir: string = DEV_AUTH_DIR): Promise<string> {
  await ensureDevServiceKeys(join(dir, 'service'));
  const jwksPath = join(dir, 'jwks.json');
  if (existsSync(jwksPath) && DEV_COUNTRIES.every((c) => existsSync(privateKeyPath(dir, c)))) return jwksPath;
  mkdirSync(join(dir, 'private'), { recursive: true });
  const keys: JWK[] = [];
  for (const country of DEV_COUNTRIES) {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = `${country.toLowerCase()}-dev-${Date.now().toString(36)}`;
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256' };
    writeFileSync(privateKeyPath(dir, country), JSON.stringify(privateJwk));
    chmodSync(privateKeyPath(dir, country), 0o600);
    keys.push(publicJwk);
  }
  writeFileSync(jwksPath, JSON.stringify({ keys }, null, 2));
  return jwksPath;
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
