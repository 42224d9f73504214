import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type JWK, SignJWT, importJWK } from 'jose';
import { devIssuer } from '../../subgraphs/common/src/auth/authSettings';
import { TEST_AUTH_DIR, tokenFor } from '../support/auth';
import { COUNTRIES, NordicNetwork } from '../support/nordicNetwork';

/**
 * One country's identity provider cannot sign tokens for another: every service chooses the key set by
 * the token's issuer and verifies with a key of THAT issuer only (docs/security/issuer-keys.md). The
 * attacker holds a real country's signing key and can reach every service directly.
 */

function privateKeyOf(country: string): JWK {
  return JSON.parse(
    readFileSync(join(TEST_AUTH_DIR, 'private', `${country.toLowerCase()}.jwk.json`), 'utf8'),
  ) as JWK;
}

/** A token signed with `signer`'s real private key, with whatever claims and key id the attacker picks. */
async function forge(signer: string, claims: Record<string, unknown>, kid: string | null): Promise<string> {
  const jwk = privateKeyOf(signer);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ aud: 'nordic-thb-network', iat: now, exp: now + 600, ...claims })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT', ...(kid ? { kid } : {}) })
    .sign(await importJWK(jwk, 'ES256'));
}

interface Endpoint {
  name: string;
  url: string;
  query: string;
}

interface Answer {
  status: number;
  code: string | undefined;
  message: string | undefined;
  data: unknown;
}

async function ask(endpoint: Endpoint, token: string): Promise<Answer> {
  const response = await fetch(endpoint.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'x-purpose': 'VICTIM_ASSISTANCE_CONTINUITY',
    },
    body: JSON.stringify({ query: endpoint.query }),
  });
  const body = (await response.json()) as {
    data?: unknown;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  return {
    status: response.status,
    code: body.errors?.[0]?.extensions?.code,
    message: body.errors?.[0]?.message,
    data: body.data ?? null,
  };
}

/** Every ordered pair of different countries: the signer's key, the victim's issuer and country. */
const PAIRS = COUNTRIES.flatMap((signer) =>
  COUNTRIES.filter((victim) => victim !== signer).map((victim) => [signer, victim] as const),
);

/** The key id the forged token names: the signer's own, the victim issuer's, or none. */
const KID_CHOICES = ['signer', 'victim', 'none'] as const;

/** Subjects an identity provider must never send, and the audit log must never record. */
const UNUSABLE_SUBJECTS: [string, unknown][] = [
  ['missing', undefined],
  ['empty', ''],
  ['spaces only', '   '],
  ['a tab only', '\t'],
  ['a number', 12345],
  ['an object', { id: 'fi-user' }],
  ['129 characters (longer than the audit log’s actor id)', 'x'.repeat(129)],
  ['5 000 characters', 'x'.repeat(5_000)],
  ['a leading space', ' fi-user'],
  ['a line break inside', 'fi-user\nfi-other'],
  ['a NUL inside', 'fi-user\u0000'],
];

describe('issuer keys: a country’s identity provider cannot sign tokens for another country', () => {
  const network = new NordicNetwork({ backend: 'sqlite' });
  let endpoints: Endpoint[];

  /** Rows in every country's audit log. */
  async function auditRows(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const country of COUNTRIES) {
      const [row] = await network.sql(country, 'SELECT COUNT(*) AS n FROM audit_events');
      counts[country] = Number(row?.n);
    }
    return counts;
  }

  beforeAll(async () => {
    await network.start();
    const casesOf = (country: string) =>
      `{ cases(countries: [${country}], first: 5) { country nodes { id } } }`;
    endpoints = [
      {
        name: 'gateway /graphql',
        url: network.gatewayUrl,
        query: '{ cases(countries: [FI, SE, NO, DK, IS], first: 5) { country nodes { id } } }',
      },
      ...COUNTRIES.flatMap((country) => {
        const url = network.countries.get(country)?.process.url as string;
        return [
          { name: `${country} /graphql`, url: `${url}/graphql`, query: casesOf(country) },
          {
            name: `${country} /crossborder/graphql`,
            url: `${url}/crossborder/graphql`,
            query: '{ caseLinks { id } }',
          },
        ];
      }),
      { name: 'network registry', url: `${network.network.url}/graphql`, query: '{ contactPoints { id } }' },
    ];
  });

  afterAll(async () => {
    await network.stop();
  });

  it('refuses, at every endpoint, a token signed with country A’s key that claims issuer B and country B — and audits nothing', async () => {
    const before = await auditRows();
    const refusals: Record<string, unknown>[] = [];
    for (const [signer, victim] of PAIRS) {
      for (const kidChoice of KID_CHOICES) {
        const kid = { signer: privateKeyOf(signer).kid, victim: privateKeyOf(victim).kid, none: null }[
          kidChoice
        ];
        const token = await forge(
          signer,
          {
            iss: devIssuer(victim),
            sub: `${victim.toLowerCase()}-impostor`,
            country: victim,
            roles: ['NATIONAL_COORDINATOR', 'AUDITOR'],
          },
          kid ?? null,
        );
        const answers = await Promise.all(endpoints.map((endpoint) => ask(endpoint, token)));
        answers.forEach((answer, i) =>
          refusals.push({ signer, victim, kid: kidChoice, endpoint: endpoints[i]?.name, ...answer }),
        );
      }
    }
    expect(refusals).toHaveLength(PAIRS.length * KID_CHOICES.length * endpoints.length);
    for (const refusal of refusals) {
      expect(refusal).toEqual({
        ...refusal,
        status: 401,
        code: 'UNAUTHENTICATED',
        // The message names the issuer whose keys it was checked against.
        message: expect.stringContaining(devIssuer(refusal.victim as string)),
        data: null,
      });
    }
    expect(await auditRows()).toEqual(before);
  });

  it('refuses a token without a usable subject at every endpoint, before anything is audited', async () => {
    const before = await auditRows();
    const refusals: Record<string, unknown>[] = [];
    for (const [description, sub] of UNUSABLE_SUBJECTS) {
      // Signed by Finland's real key for Finland's issuer: only the subject is wrong.
      const token = await forge(
        'FI',
        {
          iss: devIssuer('FI'),
          ...(sub === undefined ? {} : { sub }),
          country: 'FI',
          roles: ['NATIONAL_COORDINATOR', 'AUDITOR'],
        },
        privateKeyOf('FI').kid as string,
      );
      const answers = await Promise.all(endpoints.map((endpoint) => ask(endpoint, token)));
      answers.forEach((answer, i) =>
        refusals.push({ subject: description, endpoint: endpoints[i]?.name, ...answer }),
      );
    }
    for (const refusal of refusals) {
      expect(refusal).toEqual({
        ...refusal,
        status: 401,
        code: 'UNAUTHENTICATED',
        message: expect.stringMatching(/subject \("sub"\)/),
        data: null,
      });
    }
    expect(await auditRows()).toEqual(before);
  });

  it('accepts each country’s own tokens at every endpoint, and audits what they read (the refusals above are not a broken network)', async () => {
    const before = await auditRows();
    for (const country of COUNTRIES) {
      const genuine = await tokenFor({
        country,
        roles: ['NATIONAL_COORDINATOR'],
        // The longest subject accepted: as long as the audit log's actor id.
        subject: `${country.toLowerCase()}-issuer-keys-`.padEnd(128, 'x'),
      });
      for (const endpoint of endpoints) {
        const answer = await ask(endpoint, genuine);
        // Authenticated: whatever the endpoint then allows this role is its own business.
        expect({ country, endpoint: endpoint.name, status: answer.status, code: answer.code }).toEqual({
          country,
          endpoint: endpoint.name,
          status: 200,
          code: answer.code === 'UNAUTHENTICATED' ? 'anything but UNAUTHENTICATED' : answer.code,
        });
      }
    }
    const after = await auditRows();
    // Each country's coordinator read that country's own cases: recorded in its own log.
    for (const country of COUNTRIES) expect(after[country]).toBeGreaterThan(before[country] as number);
  });
});
