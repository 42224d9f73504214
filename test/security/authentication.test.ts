import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, type JWK, generateKeyPair, importJWK } from 'jose';
import { devIssuer } from '../../subgraphs/common/src/auth/authSettings';
import { TEST_AUTH_DIR, tokenFor } from '../support/auth';
import { postGraphql } from '../support/graphql';
import {
  type RunningProcess,
  type SmallNetwork,
  startFinlandBehindGateway,
  tempDir,
} from '../support/services';

/** Signs with Finland's real test key, with whatever claims and header an attacker chooses. */
async function signAsFinland(
  claims: Record<string, unknown>,
  options: { issuer?: string; audience?: string; expiresIn?: number } = {},
) {
  const jwk = JSON.parse(readFileSync(join(TEST_AUTH_DIR, 'private', 'fi.jwk.json'), 'utf8')) as JWK;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ country: 'FI', roles: ['NATIONAL_COORDINATOR'], sub: 'fi-attacker', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid as string })
    .setIssuer(options.issuer ?? devIssuer('FI'))
    .setAudience(options.audience ?? 'nordic-thb-network')
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 600))
    .sign(await importJWK(jwk, 'ES256'));
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function hostileTokens(): Promise<[string, string, RegExp][]> {
  const valid = await tokenFor({ country: 'FI', roles: ['ANALYST'], subject: 'fi-analyst' });
  const [header, payload, signature] = valid.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  const { privateKey: strangerKey } = await generateKeyPair('ES256');
  const kid = JSON.parse(Buffer.from(header, 'base64url').toString()).kid;
  const now = Math.floor(Date.now() / 1000);
  return [
    ['no token at all', '', /needs a bearer token/],
    ['a token that expired', await signAsFinland({}, { expiresIn: -300 }), /expired/],
    [
      'roles the issuer did not sign (payload edited, signature kept)',
      `${header}.${b64({ ...claims, roles: ['AUDITOR', 'POLICE_LIAISON'] })}.${signature}`,
      /signature does not verify/,
    ],
    [
      'an unsigned token (alg: none)',
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
      /algorithm this network does not accept|malformed/,
    ],
    [
      'a token signed with an unknown key under a known key id',
      await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid }).sign(strangerKey),
      /signature does not verify/,
    ],
    [
      'an HMAC token using a public key as the secret (algorithm confusion)',
      await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', kid })
        .sign(new TextEncoder().encode(readFileSync(join(TEST_AUTH_DIR, 'fi.jwks.json'), 'utf8'))),
      /algorithm this network does not accept/,
    ],
    [
      'an untrusted issuer',
      await signAsFinland({}, { issuer: 'https://idp.attacker.invalid' }),
      /issuer this network does not trust/,
    ],
    ['another audience', await signAsFinland({}, { audience: 'some-other-network' }), /wrong audience/],
    [
      "Finland's issuer vouching for a Swedish user",
      await signAsFinland({ country: 'SE' }),
      /home country must be FI/,
    ],
    [
      "Finland's key signing in Sweden's name (issuer and country SE)",
      await signAsFinland({ country: 'SE' }, { issuer: devIssuer('SE') }),
      /signed with a key its issuer https:\/\/idp\.se\.nordic-thb\.invalid does not publish/,
    ],
    ['an empty subject', await signAsFinland({ sub: '' }), /subject \("sub"\) is empty/],
    ['an unknown role', await signAsFinland({ roles: ['SUPERUSER'] }), /roles claim must list/],
    ['a malformed header', 'Basic Zm9vOmJhcg==', /must be "Bearer <token>"/],
    [
      'a token not valid before an hour from now',
      await signAsFinland({ nbf: now + 3600 }),
      /"nbf" claim is invalid/,
    ],
  ];
}

describe('authentication: every service verifies the bearer token itself', () => {
  const dir = tempDir('authn');
  let small: SmallNetwork;
  let network: RunningProcess;
  let finland: RunningProcess;
  let gateway: RunningProcess;
  let cases: [string, string, RegExp][];

  beforeAll(async () => {
    small = await startFinlandBehindGateway(dir);
    ({ network, finland, gateway } = small);
    cases = await hostileTokens();
  });

  afterAll(async () => {
    await small?.stop();
  });

  const QUERY = '{ cases(countries: [FI], first: 1) { country nodes { id } } }';

  it.each(['gateway', 'FI national service', 'FI crossborder endpoint', 'network registry'])(
    'the %s refuses every hostile token with 401 UNAUTHENTICATED and no data',
    async (target) => {
      const url = {
        gateway: `${gateway.url}/graphql`,
        'FI national service': `${finland.url}/graphql`,
        'FI crossborder endpoint': `${finland.url}/crossborder/graphql`,
        'network registry': `${network.url}/graphql`,
      }[target] as string;
      const query =
        target === 'network registry'
          ? '{ contactPoints { id } }'
          : target.includes('crossborder')
            ? '{ caseLinks { id } }'
            : QUERY;
      for (const [name, token, message] of cases) {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: token.startsWith('Basic') ? token : `Bearer ${token}` } : {}),
          },
          body: JSON.stringify({ query }),
        });
        const body = (await response.json()) as {
          data?: unknown;
          errors?: { message: string; extensions?: { code?: string } }[];
        };
        expect({
          name,
          status: response.status,
          code: body.errors?.[0]?.extensions?.code,
          data: body.data ?? null,
        }).toEqual({
          name,
          status: 401,
          code: 'UNAUTHENTICATED',
          data: null,
        });
        expect({ name, message: body.errors?.[0]?.message }).toEqual({
          name,
          message: expect.stringMatching(message),
        });
      }
    },
  );

  it('accepts a valid token from any trusted country, through the gateway and directly', async () => {
    const swedish = await tokenFor({ country: 'SE', roles: ['NATIONAL_COORDINATOR'] });
    // What a Swedish coordinator may ask Finland: the referrals Finland sent to Sweden.
    const inbox = '{ referrals(direction: INCOMING, counterpart: SE) { fromCountry toCountry } }';
    for (const url of [`${gateway.url}/graphql`, `${finland.url}/graphql`]) {
      const response = await postGraphql(url, inbox, undefined, { token: swedish });
      expect(response.errors).toBeUndefined();
      const referrals = response.data?.referrals as any[];
      expect(referrals.length).toBeGreaterThan(0);
      expect(referrals.every((r) => r.fromCountry === 'FI' && r.toCountry === 'SE')).toBe(true);
    }
  });

  it('keeps /health, /ready and data-free probes open without a token', async () => {
    expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
    expect((await fetch(`${gateway.url}/ready`)).status).toBe(200);
    const typename = await postGraphql(`${gateway.url}/graphql`, '{ __typename }', undefined, {
      token: null,
    });
    expect(typename.data).toEqual({ __typename: 'Query' });
    const sdl = await postGraphql(`${finland.url}/graphql`, '{ _service { sdl } }', undefined, {
      token: null,
    });
    expect(typeof (sdl.data?._service as any).sdl).toBe('string');
    const sneaky = await postGraphql(
      `${finland.url}/graphql`,
      '{ _service { sdl } cases { country } }',
      undefined,
      { token: null },
    );
    expect(sneaky.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
