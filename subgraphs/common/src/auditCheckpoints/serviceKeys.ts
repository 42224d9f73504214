import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type JWK, exportJWK, generateKeyPair } from 'jose';
import { z } from 'zod';
import { DEV_AUTH_DIR, DEV_COUNTRIES } from '../auth/authSettings';
import { describeConfigError } from '../configError';

/**
 * The national services' own keys: one Ed25519 key per country that signs the country's audit
 * checkpoints (the service speaking as itself, never as a user). The private half stays with the
 * country's service (`SERVICE_SIGNING_KEY_FILE`); the public halves form a JWKS that the network
 * registry and the other countries trust (`SERVICE_KEYS_JWKS`), each key naming its country.
 */
export interface ServiceSigningKey {
  country: string;
  kid: string;
  jwk: JWK;
}

export interface ServicePublicKey {
  country: string;
  kid: string;
  jwk: JWK;
}

/** Where the local network keeps its service keys (under ./data/dev-auth, ignored by git). */
export function devServiceKeyFile(country: string, dir: string = DEV_AUTH_DIR): string {
  return join(dir, 'service', `${country.toLowerCase()}.jwk.json`);
}
export function devServiceJwksFile(dir: string = DEV_AUTH_DIR): string {
  return join(dir, 'service-jwks.json');
}

/**
 * Generates the service keys of `countries` on first use (like ensureDevKeys for the identity
 * providers); a country added later gets a key of its own, the others keep theirs.
 */
export async function ensureDevServiceKeys(
  dir: string = DEV_AUTH_DIR,
  countries: readonly string[] = DEV_COUNTRIES,
): Promise<string> {
  const jwksPath = devServiceJwksFile(dir);
  const current = existsSync(jwksPath)
    ? (JSON.parse(readFileSync(jwksPath, 'utf8')) as { keys: (JWK & { country?: string })[] }).keys
    : [];
  const listed = (c: string) => current.some((k) => k.country === c);
  const missing = countries.filter((c) => !listed(c) || !existsSync(devServiceKeyFile(c, dir)));
  if (missing.length === 0) return jwksPath;
  mkdirSync(join(dir, 'service'), { recursive: true });
  const keys: JWK[] = current.filter((k) => !missing.includes(k.country ?? ''));
  for (const country of missing) {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const kid = `${country.toLowerCase()}-service-${Date.now().toString(36)}`;
    const common = { kid, alg: 'EdDSA', country };
    writeFileSync(
      devServiceKeyFile(country, dir),
      JSON.stringify({ ...(await exportJWK(privateKey)), ...common }),
    );
    chmodSync(devServiceKeyFile(country, dir), 0o600);
    keys.push({ ...(await exportJWK(publicKey)), ...common, use: 'sig' });
  }
  writeFileSync(jwksPath, JSON.stringify({ keys }, null, 2));
  return jwksPath;
}

const okpKey = z.object({
  kty: z.literal('OKP', { message: 'must be an OKP (Ed25519) key' }),
  crv: z.literal('Ed25519', { message: 'must be an Ed25519 key' }),
  x: z.string().min(1),
  kid: z.string().min(1, { message: 'must have a kid' }),
  country: z.string().regex(/^[A-Z]{2}$/, { message: 'must name its country ("country": "FI")' }),
});
const privateKey = okpKey.extend({
  d: z
    .string({ error: 'must be the private key (with "d")' })
    .min(1, { message: 'must be the private key (with "d")' }),
});
const jwks = z.object({
  keys: z.array(okpKey.passthrough()).min(1, { message: 'must hold at least one key' }),
});

function fail(key: string, message: string, fix: string): never {
  throw new Error(
    describeConfigError(new z.ZodError([{ code: 'custom', path: [key], message, input: undefined }]), {
      [key]: fix,
    }),
  );
}

function readJson(key: string, file: string, fix: string): unknown {
  if (!existsSync(file)) fail(key, `no file at ${file}`, fix);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return fail(key, `${file} is not readable JSON (${(error as Error).message})`, fix);
  }
}

const SIGNING_FIX =
  'set SERVICE_SIGNING_KEY_FILE to this country\'s service key, a private Ed25519 JWK with "kid" and "country" (npm start generates ./data/dev-auth/service/<cc>.jwk.json for the local network).';
const JWKS_FIX =
  'set SERVICE_KEYS_JWKS to the JWKS of the countries\' service keys (public Ed25519 JWKs, each with "kid" and "country"; npm start generates ./data/dev-auth/service-jwks.json).';

/** This country's service signing key, from `SERVICE_SIGNING_KEY_FILE`; refuses a key of another country. */
export function loadServiceSigningKey(file: string, country: string): ServiceSigningKey {
  const parsed = privateKey.passthrough().safeParse(readJson('SERVICE_SIGNING_KEY_FILE', file, SIGNING_FIX));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(
      'SERVICE_SIGNING_KEY_FILE',
      `${file}: ${issue?.path.join('.') || 'key'} ${issue?.message}`,
      SIGNING_FIX,
    );
  }
  if (parsed.data.country !== country)
    fail(
      'SERVICE_SIGNING_KEY_FILE',
      `${file} is the service key of ${parsed.data.country}, not ${country}`,
      SIGNING_FIX,
    );
  return { country, kid: parsed.data.kid, jwk: parsed.data as JWK };
}

/** The service public keys every country's checkpoints are verified against, from `SERVICE_KEYS_JWKS`. */
export function loadServicePublicKeys(file: string): ServicePublicKey[] {
  const parsed = jwks.safeParse(readJson('SERVICE_KEYS_JWKS', file, JWKS_FIX));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail('SERVICE_KEYS_JWKS', `${file}: ${issue?.path.join('.') || 'keys'} ${issue?.message}`, JWKS_FIX);
  }
  return parsed.data.keys.map((k) => {
    const { d: _private, ...jwk } = k as JWK & { d?: string };
    if (_private !== undefined)
      fail('SERVICE_KEYS_JWKS', `${file} holds a private key (${k.kid}); publish only public keys`, JWKS_FIX);
    return { country: k.country, kid: k.kid, jwk };
  });
}

/**
 * A country's audit-chain key: the HMAC key of its audit log's hash chain, `{"key": "<base64 of 32
 * random bytes>"}`. A secret of the national service, never stored in (or next to) its database: whoever
 * can write the database but does not hold this key cannot recompute the chain.
 */
export function devAuditChainKeyFile(country: string, dir: string = DEV_AUTH_DIR): string {
  return join(dir, 'audit-chain', `${country.toLowerCase()}.json`);
}

/** The local network's audit-chain keys, one per country of `countries`, generated on first use. */
export function ensureDevAuditChainKeys(
  dir: string = DEV_AUTH_DIR,
  countries: readonly string[] = DEV_COUNTRIES,
): void {
  mkdirSync(join(dir, 'audit-chain'), { recursive: true });
  for (const country of countries) {
    const file = devAuditChainKeyFile(country, dir);
    if (existsSync(file)) continue;
    writeFileSync(file, JSON.stringify({ key: randomBytes(32).toString('base64') }, null, 2));
    chmodSync(file, 0o600);
  }
}
