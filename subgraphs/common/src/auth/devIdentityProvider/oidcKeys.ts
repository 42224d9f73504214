import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type JWK, exportJWK, generateKeyPair } from 'jose';

/**
 * The signing key of one country's development OpenID Connect provider: `<dir>/oidc/<cc>.jwk.json`
 * (private, mode 0600), generated on first use and kept. Its own key, not the one `npm run token` signs
 * with: every issuer has keys of its own (a key id in two issuers' sets is refused, AUTH_ISSUER_JWKS);
 * the services read its public half from the provider's `jwks_uri`.
 */
export async function ensureOidcSigningKey(dir: string, country: string): Promise<JWK> {
  const folder = join(dir, 'oidc');
  const path = join(folder, `${country.toLowerCase()}.jwk.json`);
  if (!existsSync(path)) {
    mkdirSync(folder, { recursive: true });
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = `${country.toLowerCase()}-oidc-${Date.now().toString(36)}`;
    const jwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' };
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(jwk), { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, path);
  }
  return JSON.parse(readFileSync(path, 'utf8')) as JWK;
}
