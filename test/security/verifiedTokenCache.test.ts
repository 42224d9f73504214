import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEV_COUNTRIES,
  devIssuer,
  devJwksPath,
  loadAuthSettings,
} from '../../subgraphs/common/src/auth/authSettings';
import { BearerVerifier } from '../../subgraphs/common/src/auth/bearerVerifier';
import { TEST_AUTH_DIR, tokenFor } from '../support/auth';
import { tempDir } from '../support/services';

/**
 * The verifier reuses a verification for a repeated token (by its hash) until the token expires; an
 * attacker gains nothing from it: an expired token, a token with edited claims, or a token whose key
 * its issuer has withdrawn is refused although an equal-looking one was verified before.
 */

const ISSUERS = DEV_COUNTRIES.map((c) => `${c}=${devIssuer(c)}`).join(',');

function verifierWith(finnishJwks: string): BearerVerifier {
  return new BearerVerifier(
    loadAuthSettings({
      AUTH_ISSUERS: ISSUERS,
      AUTH_CLOCK_TOLERANCE_SECONDS: '0',
      AUTH_ISSUER_JWKS: DEV_COUNTRIES.map(
        (c) => `${devIssuer(c)}=${c === 'FI' ? finnishJwks : devJwksPath(c, TEST_AUTH_DIR)}`,
      ).join(','),
    }),
  );
}

const outcome = (verifier: BearerVerifier, token: string) =>
  verifier.verify(`Bearer ${token}`).then(
    (principal) => `${principal.country} ${principal.roles.join(',')}`,
    (error: Error) => error.message,
  );

/** The token with its payload replaced by `claims` merged in, the signature kept. */
function edited(token: string, claims: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const changed = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), ...claims };
  return `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
}

describe('the verified-token cache', () => {
  afterEach(() => jest.useRealTimers());

  it('verifies a repeated token once, and gives each caller its own copy of the principal', async () => {
    const verifier = verifierWith(devJwksPath('FI', TEST_AUTH_DIR));
    const token = await tokenFor({ country: 'FI', roles: ['ANALYST'] });
    const first = await verifier.verify(`Bearer ${token}`);
    first.roles.push('NATIONAL_COORDINATOR');
    const second = await verifier.verify(`Bearer ${token}`);
    expect(second.roles).toEqual(['ANALYST']);
    expect(verifier.verified.hits).toBe(1);
    expect(verifier.verified.size).toBe(1);
  });

  it('refuses an expired token that was verified (and cached) while it was valid', async () => {
    const verifier = verifierWith(devJwksPath('FI', TEST_AUTH_DIR));
    const token = await tokenFor({ country: 'FI', roles: ['ANALYST'], ttlSeconds: 30 });
    expect(await outcome(verifier, token)).toBe('FI ANALYST');
    jest.useFakeTimers({
      now: Date.now() + 31_000,
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'],
    });
    expect(await outcome(verifier, token)).toMatch(/has expired/);
    expect(verifier.verified.hits).toBe(0);
  });

  it('verifies a token with edited claims anew (another hash) and refuses it', async () => {
    const verifier = verifierWith(devJwksPath('FI', TEST_AUTH_DIR));
    const token = await tokenFor({ country: 'FI', roles: ['ANALYST'] });
    expect(await outcome(verifier, token)).toBe('FI ANALYST');
    const escalated = edited(token, { roles: ['NATIONAL_COORDINATOR'] });
    expect(await outcome(verifier, escalated)).toMatch(/signature does not verify/);
    const longer = edited(token, { exp: Math.floor(Date.now() / 1000) + 86_400 * 365 });
    expect(await outcome(verifier, longer)).toMatch(/signature does not verify/);
    expect(verifier.verified.hits).toBe(0);
  });

  it('stops reusing a verification once the issuer withdraws the key that made it', async () => {
    const finnish = join(tempDir('verified-tokens'), 'fi.jwks.json');
    copyFileSync(devJwksPath('FI', TEST_AUTH_DIR), finnish);
    const verifier = verifierWith(finnish);
    const token = await tokenFor({ country: 'FI', roles: ['ANALYST'], ttlSeconds: 3600 });
    expect(await outcome(verifier, token)).toBe('FI ANALYST');
    expect(await outcome(verifier, token)).toBe('FI ANALYST');
    expect(verifier.verified.hits).toBe(1);
    // Finland rotates its key out; the file is re-read within 10 s.
    writeFileSync(finnish, JSON.stringify({ keys: [] }));
    jest.useFakeTimers({
      now: Date.now() + 11_000,
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'],
    });
    expect(await outcome(verifier, token)).toMatch(/signed with a key its issuer .* does not publish/);
    expect(verifier.verified.hits).toBe(1);
  });

  it('keeps at most its configured number of tokens', async () => {
    const verifier = new BearerVerifier(
      loadAuthSettings({
        AUTH_ISSUERS: ISSUERS,
        AUTH_ISSUER_JWKS: DEV_COUNTRIES.map((c) => `${devIssuer(c)}=${devJwksPath(c, TEST_AUTH_DIR)}`).join(
          ',',
        ),
      }),
      { maxEntries: 2, maxAgeMs: 60_000 },
    );
    for (const subject of ['a', 'b', 'c'])
      await verifier.verify(`Bearer ${await tokenFor({ country: 'SE', roles: ['ANALYST'], subject })}`);
    expect(verifier.verified.size).toBe(2);
  });
});
