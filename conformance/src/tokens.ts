/**
 * Tokens for the issuer the implementation under test trusts: valid ones for each role the checks need,
 * and the adversarial set (expired, another audience, an untrusted issuer, another key under the
 * issuer's key id, edited claims, `alg: none`, an HMAC key made of the public key set). The kit holds
 * the issuer's private key only to sign; it never needs anything from inside the implementation.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  type JWK,
  type KeyLike,
  type JSONWebKeySet,
  SignJWT,
  exportJWK,
  generateKeyPair,
  importJWK,
  importPKCS8,
} from 'jose';

export interface IssuerSettings {
  /** The `iss` the implementation trusts for the country. */
  issuer: string;
  audience: string;
  country: string;
  /** The issuer's published key set (public keys). */
  jwks: JSONWebKeySet;
  /** The issuer's private key as a JWK (JSON) or PKCS#8 PEM text. */
  privateKeyText: string;
  /** Signing algorithm for a PEM key (a JWK's own `alg` wins); default ES256. */
  algorithm?: string;
}

export interface TokenRequest {
  roles: string[];
  subject: string;
  organisation?: string;
  /** Claims that replace the standard ones (e.g. another `country`). */
  claims?: Record<string, unknown>;
  issuer?: string;
  audience?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Reads a key set from a file or an http(s) URL. */
export async function loadJwks(location: string): Promise<JSONWebKeySet> {
  const text = /^https?:\/\//.test(location)
    ? await fetch(location).then(async (r) => {
        if (!r.ok) throw new Error(`--issuer-jwks ${location} answered HTTP ${r.status}`);
        return r.text();
      })
    : await readFile(location, 'utf8');
  const parsed = JSON.parse(text) as JSONWebKeySet;
  if (!Array.isArray(parsed.keys) || parsed.keys.length === 0) {
    throw new Error(`--issuer-jwks ${location} is not a key set with keys ({"keys": [...]})`);
  }
  return parsed;
}

function algorithmOf(jwk: JWK, fallback: string): string {
  if (jwk.alg) return jwk.alg;
  if (jwk.kty === 'EC')
    return { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }[jwk.crv ?? ''] ?? fallback;
  if (jwk.kty === 'OKP') return 'EdDSA';
  if (jwk.kty === 'RSA') return 'RS256';
  return fallback;
}

/** The public members that identify a key (EC/OKP: x, y; RSA: n, e). */
function publicIdentity(jwk: JWK): string {
  return [jwk.kty, jwk.crv, jwk.x, jwk.y, jwk.n, jwk.e].map((v) => v ?? '').join('|');
}

export class TokenMinter {
  private constructor(
    private readonly settings: IssuerSettings,
    private readonly key: KeyObject,
    readonly algorithm: string,
    /** The key id tokens carry: the private JWK's, or the key set's entry for the same key. */
    readonly kid: string | undefined,
    /** True when the private key's public half is in the issuer's published key set. */
    readonly keyIsPublished: boolean,
  ) {}

  static async create(settings: IssuerSettings): Promise<TokenMinter> {
    const text = settings.privateKeyText.trim();
    let key: KeyObject;
    let algorithm: string;
    let kid: string | undefined;
    if (text.startsWith('{')) {
      const jwk = JSON.parse(text) as JWK;
      if (!jwk.d)
        throw new Error('--issuer-key is a public key; give the issuer\'s private key (a JWK with "d")');
      algorithm = algorithmOf(jwk, settings.algorithm ?? 'ES256');
      key = (await importJWK(jwk, algorithm)) as KeyObject;
      kid = jwk.kid;
    } else {
      algorithm = settings.algorithm ?? 'ES256';
      key = (await importPKCS8(text, algorithm)) as KeyObject;
    }
    const publicJwk = await exportJWK(createPublicKey(key));
    const published = settings.jwks.keys.find((k) => publicIdentity(k) === publicIdentity(publicJwk));
    return new TokenMinter(settings, key, algorithm, kid ?? published?.kid, published !== undefined);
  }

  get country(): string {
    return this.settings.country;
  }

  /** A token signed by the trusted issuer's key, with the claims a national service expects. */
  sign(request: TokenRequest, key: KeyLike = this.key): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = request.expiresIn ?? 900;
    return new SignJWT({
      country: this.settings.country,
      roles: request.roles,
      ...(request.organisation ? { org: request.organisation } : {}),
      ...request.claims,
    })
      .setProtectedHeader({ alg: this.algorithm, typ: 'JWT', ...(this.kid ? { kid: this.kid } : {}) })
      .setIssuer(request.issuer ?? this.settings.issuer)
      .setAudience(request.audience ?? this.settings.audience)
      .setSubject(request.subject)
      .setIssuedAt(Math.min(now, now + expiresIn - 60))
      .setExpirationTime(now + expiresIn)
      .sign(key);
  }

  /** The same claims signed by a key the issuer never published, under the issuer's own key id. */
  async signWithStrangerKey(request: TokenRequest): Promise<string> {
    const { privateKey } = await generateKeyPair(this.algorithm);
    return this.sign(request, privateKey);
  }

  /** A valid token whose payload is replaced by `edit` of its claims, the signature kept. */
  async edited(request: TokenRequest, edit: (claims: Record<string, unknown>) => Record<string, unknown>) {
    const [header, payload, signature] = (await this.sign(request)).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    return `${header}.${b64(edit(claims))}.${signature}`;
  }

  /** The claims of a valid token, unsigned (`alg: none`). */
  async unsigned(request: TokenRequest): Promise<string> {
    const payload = (await this.sign(request)).split('.')[1] as string;
    return `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`;
  }

  /** The claims of a valid token signed with HS256 and the issuer's public key set as the secret. */
  async hmacWithPublicKeys(request: TokenRequest): Promise<string> {
    const payload = JSON.parse(
      Buffer.from((await this.sign(request)).split('.')[1] as string, 'base64url').toString(),
    ) as Record<string, unknown>;
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...(this.kid ? { kid: this.kid } : {}) })
      .sign(new TextEncoder().encode(JSON.stringify(this.settings.jwks)));
  }
}
