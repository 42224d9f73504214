import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type JWK, SignJWT, importJWK } from 'jose';
import {
  DEV_COUNTRIES,
  devIssuer,
  devIssuerJwks,
  devJwksPath,
  loadAuthSettings,
} from '../../subgraphs/common/src/auth/authSettings';
import { BearerVerifier } from '../../subgraphs/common/src/auth/bearerVerifier';
import { TEST_AUTH_DIR, countryKeyEnvironment, tokenFor } from '../support/auth';
import { type RunningProcess, startNetwork, tempDir } from '../support/services';

const ROOT = join(__dirname, '..', '..');

/**
 * Runs a built service until it exits, or until it says it is listening (then stops it): its exit code
 * (or 'listening') and what it printed.
 */
function startOutcome(
  entry: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | 'listening' | null; output: string }> {
  const child = spawn(process.execPath, [join(ROOT, entry), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  let output = '';
  let listening = false;
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    if (!listening && /listening on/.test(output)) {
      listening = true;
      child.kill('SIGTERM');
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return new Promise((resolve) =>
    child.once('exit', (code) => resolve({ code: listening ? 'listening' : code, output })),
  );
}

/**
 * How each trusted issuer's own key set is configured (AUTH_ISSUER_JWKS), what stops a service at start,
 * and key sets fetched from an issuer's URL (docs/security/issuer-keys.md).
 */

const ISSUERS = DEV_COUNTRIES.map((c) => `${c}=${devIssuer(c)}`).join(',');
const mapping = (entries: [string, string][]) => entries.map(([i, l]) => `${i}=${l}`).join(',');
const devEntries = (): [string, string][] =>
  DEV_COUNTRIES.map((c) => [devIssuer(c), devJwksPath(c, TEST_AUTH_DIR)]);

function privateKeyOf(country: string): JWK {
  return JSON.parse(
    readFileSync(join(TEST_AUTH_DIR, 'private', `${country.toLowerCase()}.jwk.json`), 'utf8'),
  ) as JWK;
}

/** Signed with `signer`'s real key, claiming `victim`'s issuer and country, naming `kid`. */
async function forged(signer: string, victim: string, kid: string | undefined): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ country: victim, roles: ['NATIONAL_COORDINATOR'] })
    .setProtectedHeader({ alg: 'ES256', ...(kid ? { kid } : {}) })
    .setIssuer(devIssuer(victim))
    .setAudience('nordic-thb-network')
    .setSubject(`${victim.toLowerCase()}-impostor`)
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .sign(await importJWK(privateKeyOf(signer), 'ES256'));
}

async function registryAnswer(
  url: string,
  token: string,
): Promise<{ status: number; code?: string; message?: string }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ contactPoints { id } }' }),
  });
  const body = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
  return {
    status: response.status,
    code: body.errors?.[0]?.extensions?.code,
    message: body.errors?.[0]?.message,
  };
}

describe('AUTH_ISSUER_JWKS: each trusted issuer names its own key set', () => {
  const drop = (issuer: string) => mapping(devEntries().filter(([i]) => i !== issuer));
  const invalid: [string, NodeJS.ProcessEnv, RegExp][] = [
    [
      'the retired single key set AUTH_JWKS',
      {
        AUTH_JWKS: join(TEST_AUTH_DIR, 'jwks.json'),
        AUTH_ISSUERS: ISSUERS,
        AUTH_ISSUER_JWKS: devIssuerJwks(TEST_AUTH_DIR),
      },
      /^invalid configuration: AUTH_JWKS: .*no longer accepted.*set AUTH_ISSUER_JWKS to each trusted issuer's own key set/,
    ],
    [
      'trusted issuers without key sets',
      { AUTH_ISSUERS: ISSUERS },
      /^invalid configuration: AUTH_ISSUER_JWKS: not set: name the key set of every issuer in AUTH_ISSUERS/,
    ],
    ...DEV_COUNTRIES.map((c): [string, NodeJS.ProcessEnv, RegExp] => [
      `no key set for ${c}'s issuer`,
      { AUTH_ISSUERS: ISSUERS, AUTH_ISSUER_JWKS: drop(devIssuer(c)) },
      new RegExp(
        `AUTH_ISSUER_JWKS: has no key set for ${devIssuer(c).replace(/\./g, '\\.')} \\(${c} in AUTH_ISSUERS\\); add `,
      ),
    ]),
    ...DEV_COUNTRIES.filter((c) => c !== 'FI').map((c): [string, NodeJS.ProcessEnv, RegExp] => [
      `Finland's key set also given to ${c}'s issuer`,
      {
        AUTH_ISSUERS: ISSUERS,
        AUTH_ISSUER_JWKS: mapping(
          devEntries().map(([i, l]) => [i, i === devIssuer(c) ? devJwksPath('FI', TEST_AUTH_DIR) : l]),
        ),
      },
      /AUTH_ISSUER_JWKS: .*fi\.jwks\.json is the key set of both https:\/\/idp\.fi\.nordic-thb\.invalid and https:\/\/idp\.\w\w\.nordic-thb\.invalid; each issuer needs its own/,
    ]),
    [
      'a key set for an issuer nobody trusts',
      {
        AUTH_ISSUERS: ISSUERS,
        AUTH_ISSUER_JWKS: `${devIssuerJwks(TEST_AUTH_DIR)},https://idp.attacker.invalid=/tmp/attacker.json`,
      },
      /AUTH_ISSUER_JWKS: names https:\/\/idp\.attacker\.invalid, which AUTH_ISSUERS does not trust/,
    ],
    [
      'an issuer named twice',
      {
        AUTH_ISSUERS: ISSUERS,
        AUTH_ISSUER_JWKS: `${devIssuerJwks(TEST_AUTH_DIR)},${devIssuer('SE')}=/tmp/other.json`,
      },
      /AUTH_ISSUER_JWKS: names https:\/\/idp\.se\.nordic-thb\.invalid twice/,
    ],
    [
      'a bare path without its issuer',
      { AUTH_ISSUERS: ISSUERS, AUTH_ISSUER_JWKS: `${devIssuerJwks(TEST_AUTH_DIR)},/tmp/jwks.json` },
      /AUTH_ISSUER_JWKS: "\/tmp\/jwks\.json" is not an issuer=key-set pair/,
    ],
    [
      'a key set over plain http to another host',
      {
        AUTH_ISSUERS: ISSUERS,
        AUTH_ISSUER_JWKS: mapping(
          devEntries().map(([i, l]) => [i, i === devIssuer('SE') ? 'http://idp.se.example/jwks.json' : l]),
        ),
      },
      /AUTH_ISSUER_JWKS: the key set of https:\/\/idp\.se\.nordic-thb\.invalid must be a file path or an https URL/,
    ],
    [
      'an issuer trusted for two countries',
      { AUTH_ISSUERS: `${ISSUERS},AX=${devIssuer('FI')}`, AUTH_ISSUER_JWKS: devIssuerJwks(TEST_AUTH_DIR) },
      /AUTH_ISSUERS: https:\/\/idp\.fi\.nordic-thb\.invalid is listed twice/,
    ],
  ];

  it.each(invalid)('refuses %s, naming the key and the fix', (_name, env, message) => {
    expect(() => loadAuthSettings(env)).toThrow(message);
  });

  it('accepts files, https URLs and loopback http URLs, separated by commas or white space', () => {
    const entries = devEntries().map(([i, l]): [string, string] =>
      i === devIssuer('SE')
        ? [i, 'https://idp.se.example/.well-known/jwks.json?v=1']
        : i === devIssuer('NO')
          ? [i, 'http://127.0.0.1:8080/no/jwks.json']
          : [i, l],
    );
    const settings = loadAuthSettings({
      AUTH_ISSUERS: ISSUERS,
      AUTH_ISSUER_JWKS: entries.map(([i, l]) => `${i}=${l}`).join(' ,\n  '),
    });
    expect([...settings.keySets]).toEqual(entries);
  });

  it("stops at start when a key id is in two issuers' sets (a copy of Finland's set given to Sweden)", () => {
    const dir = tempDir('dup-kid');
    copyFileSync(devJwksPath('FI', TEST_AUTH_DIR), join(dir, 'se.jwks.json'));
    const settings = loadAuthSettings({
      AUTH_ISSUERS: ISSUERS,
      AUTH_ISSUER_JWKS: mapping(
        devEntries().map(([i, l]) => [i, i === devIssuer('SE') ? join(dir, 'se.jwks.json') : l]),
      ),
    });
    expect(() => new BearerVerifier(settings)).toThrow(
      new RegExp(
        `invalid configuration: AUTH_ISSUER_JWKS: key id "${privateKeyOf('FI').kid}" is in the key sets of both https://idp\\.fi\\.nordic-thb\\.invalid \\(.*\\) and https://idp\\.se\\.nordic-thb\\.invalid \\(.*se\\.jwks\\.json\\)`,
      ),
    );
  });

  it('stops at start when a key set file is missing or not a JWKS, naming the issuer', () => {
    const dir = tempDir('bad-jwks');
    writeFileSync(join(dir, 'not-json.json'), 'keys: none');
    writeFileSync(join(dir, 'no-keys.json'), '{"kid": "x"}');
    for (const [file, message] of [
      ['missing.json', /no JWKS at .*missing\.json, the key set of https:\/\/idp\.se\.nordic-thb\.invalid/],
      ['not-json.json', /not-json\.json, the key set of https:\/\/idp\.se\.nordic-thb\.invalid, is not JSON/],
      ['no-keys.json', /no-keys\.json, the key set of https:\/\/idp\.se\.nordic-thb\.invalid, is not a JWKS/],
    ] as const) {
      const settings = loadAuthSettings({
        AUTH_ISSUERS: ISSUERS,
        AUTH_ISSUER_JWKS: mapping(
          devEntries().map(([i, l]) => [i, i === devIssuer('SE') ? join(dir, file) : l]),
        ),
      });
      expect(() => new BearerVerifier(settings)).toThrow(message);
    }
  });
});

describe('the local identity providers (npm start, npm run token, the tests)', () => {
  it("publish one JWKS per country holding only that country's public key", () => {
    const kids = new Set<string>();
    for (const country of DEV_COUNTRIES) {
      const jwks = JSON.parse(readFileSync(devJwksPath(country, TEST_AUTH_DIR), 'utf8')) as { keys: JWK[] };
      expect(jwks.keys).toHaveLength(1);
      const [key] = jwks.keys as [JWK];
      expect(key.kid).toBe(privateKeyOf(country).kid);
      expect(key.d).toBeUndefined(); // no private part
      expect(kids.has(key.kid as string)).toBe(false);
      kids.add(key.kid as string);
    }
  });

  it('sign each country’s tokens (tokenFor, npm run token) with that country’s key, for its issuer', async () => {
    const verifier = new BearerVerifier(
      loadAuthSettings({ AUTH_ISSUERS: ISSUERS, AUTH_ISSUER_JWKS: devIssuerJwks(TEST_AUTH_DIR) }),
    );
    for (const country of DEV_COUNTRIES) {
      const token = await tokenFor({ country, roles: ['ANALYST'], subject: `${country}-analyst` });
      const header = JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString());
      expect(header.kid).toBe(privateKeyOf(country).kid);
      expect(await verifier.verify(`Bearer ${token}`)).toMatchObject({ country, issuer: devIssuer(country) });
    }
  });
});

describe("a key set rotated to share a key id with another issuer's", () => {
  afterEach(() => jest.useRealTimers());

  it("refuses both issuers' tokens from the next re-read of the file, until it is fixed", async () => {
    const dir = tempDir('rotation');
    const swedish = join(dir, 'se.jwks.json');
    copyFileSync(devJwksPath('SE', TEST_AUTH_DIR), swedish);
    const verifier = new BearerVerifier(
      loadAuthSettings({
        AUTH_ISSUERS: ISSUERS,
        AUTH_ISSUER_JWKS: mapping(devEntries().map(([i, l]) => [i, i === devIssuer('SE') ? swedish : l])),
      }),
    );
    const tokens = {
      FI: await tokenFor({ country: 'FI', roles: ['ANALYST'] }),
      SE: await tokenFor({ country: 'SE', roles: ['ANALYST'] }),
      NO: await tokenFor({ country: 'NO', roles: ['ANALYST'] }),
    };
    const outcome = (token: string) =>
      verifier.verify(`Bearer ${token}`).then(
        (principal) => principal.country,
        (error: Error) => error.message,
      );
    expect(await outcome(tokens.SE)).toBe('SE');
    // Sweden's set now also publishes Finland's key (a botched rotation); the file is re-read within 10 s.
    const both = [
      ...JSON.parse(readFileSync(devJwksPath('SE', TEST_AUTH_DIR), 'utf8')).keys,
      ...JSON.parse(readFileSync(devJwksPath('FI', TEST_AUTH_DIR), 'utf8')).keys,
    ];
    writeFileSync(swedish, JSON.stringify({ keys: both }));
    jest.useFakeTimers({
      now: Date.now() + 11_000,
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'],
    });
    expect(await outcome(tokens.SE)).toMatch(
      /issuer https:\/\/idp\.se\.nordic-thb\.invalid shares a key id with another issuer/,
    );
    expect(await outcome(tokens.FI)).toMatch(
      /issuer https:\/\/idp\.fi\.nordic-thb\.invalid shares a key id with another issuer/,
    );
    expect(await outcome(tokens.NO)).toBe('NO');
    // Fixed: Sweden's own key only again.
    copyFileSync(devJwksPath('SE', TEST_AUTH_DIR), swedish);
    jest.setSystemTime(Date.now() + 11_000);
    expect(await outcome(tokens.SE)).toBe('SE');
    expect(await outcome(tokens.FI)).toBe('FI');
  });
});

describe('every service refuses to start on an ambiguous key configuration (exit code 2, the key named)', () => {
  const dir = tempDir('issuer-start');
  const duplicate = join(dir, 'se.jwks.json');
  const gatewayConfig = join(dir, 'gateway.json');

  beforeAll(() => {
    copyFileSync(devJwksPath('FI', TEST_AUTH_DIR), duplicate);
    writeFileSync(
      gatewayConfig,
      JSON.stringify({
        port: 0,
        network: { url: 'http://127.0.0.1:9/graphql' },
        countries: [
          {
            code: 'FI',
            national: 'http://127.0.0.1:9/graphql',
            crossborder: 'http://127.0.0.1:9/crossborder/graphql',
          },
        ],
      }),
    );
  });

  const entries: [string, string[]][] = [
    [
      'network registry',
      [
        'subgraphs/network/dist/main.js',
        '--port',
        '0',
        '--database',
        `sqlite:${join(dir, 'network.sqlite')}`,
      ],
    ],
    [
      'national service',
      [
        'subgraphs/national/dist/main.js',
        '--country',
        'FI',
        '--port',
        '0',
        '--database',
        `sqlite:${join(dir, 'fi.sqlite')}`,
      ],
    ],
    ['gateway', ['gateway/dist/main.js', '--config', gatewayConfig]],
  ];
  const environments: [string, () => NodeJS.ProcessEnv, RegExp][] = [
    [
      "a key id in two issuers' sets",
      () => ({
        AUTH_ISSUER_JWKS: mapping(devEntries().map(([i, l]) => [i, i === devIssuer('SE') ? duplicate : l])),
      }),
      /invalid configuration: AUTH_ISSUER_JWKS: key id "[^"]+" is in the key sets of both https:\/\/idp\.fi\.nordic-thb\.invalid .* and https:\/\/idp\.se\.nordic-thb\.invalid/,
    ],
    [
      'the retired AUTH_JWKS',
      () => ({ AUTH_JWKS: devJwksPath('FI', TEST_AUTH_DIR) }),
      /invalid configuration: AUTH_JWKS: .*set AUTH_ISSUER_JWKS/,
    ],
  ];

  it.each(
    entries.flatMap(([service, command]) =>
      environments.map(([problem, env, message]) => [service, problem, command, env, message] as const),
    ),
  )('the %s, given %s', async (_service, _problem, [entry, ...args], env, message) => {
    // A national service also needs its own audit keys, so the key-set error is the one it stops on.
    const own = entry === 'subgraphs/national/dist/main.js' ? countryKeyEnvironment('FI') : {};
    const { code, output } = await startOutcome(entry as string, args, { ...own, ...env() });
    expect({ code, output }).toEqual({ code: 2, output: expect.stringMatching(message) });
  });
});

describe('key sets fetched from each issuer’s URL (createRemoteJWKSet per issuer), from a real HTTP server', () => {
  const fetched = new Map<string, number>();
  let server: Server;
  let base: string;
  const dir = tempDir('remote-jwks');

  beforeAll(async () => {
    server = createServer((request, response) => {
      const path = request.url ?? '';
      fetched.set(path, (fetched.get(path) ?? 0) + 1);
      const country = /^\/(\w\w)\/jwks\.json$/.exec(path)?.[1];
      const file =
        path === '/copy-of-fi/jwks.json'
          ? devJwksPath('FI', TEST_AUTH_DIR)
          : country
            ? devJwksPath(country.toUpperCase(), TEST_AUTH_DIR)
            : null;
      if (!file) {
        response.writeHead(503).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const remoteEnv = (pathOf: (country: string) => string): NodeJS.ProcessEnv => ({
    AUTH_ISSUER_JWKS: DEV_COUNTRIES.map((c) => `${devIssuer(c)}=${base}${pathOf(c)}`).join(','),
  });

  it("verifies each country's tokens with that issuer's fetched keys only", async () => {
    let registry: RunningProcess | undefined;
    try {
      registry = await startNetwork(
        `sqlite:${join(dir, 'remote.sqlite')}`,
        remoteEnv((c) => `/${c.toLowerCase()}/jwks.json`),
      );
      // Every issuer's set was fetched at start, from its own URL.
      for (const country of DEV_COUNTRIES)
        expect(fetched.get(`/${country.toLowerCase()}/jwks.json`)).toBeGreaterThan(0);
      for (const country of DEV_COUNTRIES) {
        const genuine = await tokenFor({ country, roles: ['NATIONAL_COORDINATOR'] });
        expect(await registryAnswer(registry.url, genuine)).toEqual({ status: 200 });
      }
      for (const signer of DEV_COUNTRIES) {
        for (const victim of DEV_COUNTRIES.filter((c) => c !== signer)) {
          for (const kid of [privateKeyOf(signer).kid, privateKeyOf(victim).kid, undefined]) {
            expect({
              signer,
              victim,
              kid,
              ...(await registryAnswer(registry.url, await forged(signer, victim, kid))),
            }).toEqual({
              signer,
              victim,
              kid,
              status: 401,
              code: 'UNAUTHENTICATED',
              message: expect.stringContaining(devIssuer(victim)),
            });
          }
        }
      }
    } finally {
      await registry?.stop();
    }
  });

  it("stops at start when two issuers' URLs serve a key with the same id", async () => {
    const { code, output } = await startOutcome(
      'subgraphs/network/dist/main.js',
      ['--port', '0', '--database', `sqlite:${join(dir, 'dup.sqlite')}`],
      remoteEnv((c) => (c === 'SE' ? '/copy-of-fi/jwks.json' : `/${c.toLowerCase()}/jwks.json`)),
    );
    expect({ code, output }).toEqual({
      code: 2,
      output: expect.stringMatching(
        /AUTH_ISSUER_JWKS: key id "[^"]+" is in the key sets of both https:\/\/idp\.fi\.nordic-thb\.invalid .* and https:\/\/idp\.se\.nordic-thb\.invalid \(http:\/\/127\.0\.0\.1:\d+\/copy-of-fi\/jwks\.json\)/,
      ),
    });
  });

  it('starts when one issuer’s URL is down, refusing only that issuer’s tokens until it answers', async () => {
    let registry: RunningProcess | undefined;
    try {
      registry = await startNetwork(
        `sqlite:${join(dir, 'down.sqlite')}`,
        remoteEnv((c) => (c === 'SE' ? '/down/jwks.json' : `/${c.toLowerCase()}/jwks.json`)),
      );
      expect(registry.output()).toMatch(
        /the key set of https:\/\/idp\.se\.nordic-thb\.invalid .* could not be fetched at start/,
      );
      const swedish = await tokenFor({ country: 'SE', roles: ['NATIONAL_COORDINATOR'] });
      expect(await registryAnswer(registry.url, swedish)).toEqual({
        status: 401,
        code: 'UNAUTHENTICATED',
        message: expect.stringMatching(
          /key set of the bearer token's issuer https:\/\/idp\.se\.nordic-thb\.invalid cannot be read now/,
        ),
      });
      const finnish = await tokenFor({ country: 'FI', roles: ['NATIONAL_COORDINATOR'] });
      expect(await registryAnswer(registry.url, finnish)).toEqual({ status: 200 });
    } finally {
      await registry?.stop();
    }
  });
});
