/**
 * The conformance kit (conformance/, `npm run conformance`) against the reference national service, on
 * SQLite and on PostgreSQL, through its public command line: every check passes. Then against broken
 * implementations — a proxy in front of the real service that drops the country check, accepts
 * unverified tokens, changes error codes, serves a breaking SDL or adds fresh noise to statistics — the
 * kit fails, in the area that names the fault: it is able to fail.
 */
import { type JsonWebKey, createPrivateKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { devIssuer } from '../../subgraphs/common/src/auth/authSettings';
import type { RoleName } from '../../subgraphs/common/src/auth/principal';
import { type ConformanceOptions, type ConformanceReport, runConformance } from '../../conformance/src';
import { TEST_AUTH_DIR, tokenFor } from '../support/auth';
import { CountryProxy } from '../support/countryProxy';
import { loadAcmsDatabase, startNationalOverAcms } from '../support/legacyAcms';
import { recreateDatabase } from '../support/postgres';
import { type RunningProcess, runScript, startNational, tempDir } from '../support/services';

const COUNTRY = 'DK';
const YEARS = '2023-2025';

/** The kit's options for the test run's identity provider of COUNTRY. */
function issuerArgs(): string[] {
  return [
    '--issuer-jwks',
    join(TEST_AUTH_DIR, `${COUNTRY.toLowerCase()}.jwks.json`),
    '--issuer-key',
    join(TEST_AUTH_DIR, 'private', `${COUNTRY.toLowerCase()}.jwk.json`),
    '--issuer',
    devIssuer(COUNTRY),
  ];
}

describe.each([
  [
    'the reference service on SQLite',
    () =>
      startNational({ country: COUNTRY, database: `sqlite:${join(tempDir('conformance'), 'dk.sqlite')}` }),
  ],
  [
    'the reference service on PostgreSQL',
    async () =>
      startNational({ country: COUNTRY, database: await recreateDatabase('nordic_test_conformance') }),
  ],
  [
    // The example adapter over a legacy system's own tables (docs/national-teams.md "Connecting your own system").
    'the example legacy adapter (STORE=legacy-acms) on PostgreSQL loaded with its fixture',
    async () =>
      startNationalOverAcms({
        country: COUNTRY,
        database: await loadAcmsDatabase('nordic_test_conformance_acms', COUNTRY, YEARS),
      }),
  ],
])('the conformance kit against %s', (_implementation, start) => {
  let service: RunningProcess;

  beforeAll(async () => {
    service = await start();
  });
  afterAll(() => service?.stop());

  it('passes every check through the command line, and writes a JUnit report that says so', async () => {
    const junit = join(tempDir('conformance-report'), 'report.xml');
    const { code, output } = await runScript('conformance/dist/cli.js', [
      '--country',
      COUNTRY,
      '--national',
      `${service.url}/graphql`,
      '--crossborder',
      `${service.url}/crossborder/graphql`,
      ...issuerArgs(),
      '--years',
      YEARS,
      '--junit',
      junit,
    ]);
    expect({ code, failed: output.split('\n').filter((l) => /^\s+(FAIL|SKIP)/.test(l)) }).toEqual({
      code: 0,
      failed: [],
    });
    expect(output).toMatch(/\d+ passed, 0 failed, 0 skipped — CONFORMS/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(
      /<testsuites name="Nordic contract conformance of DK" tests="(\d+)" failures="0" errors="0" skipped="0">/,
    );
    for (const area of [
      'schema',
      'authentication',
      'ownership',
      'cursors',
      'audit',
      'referrals',
      'statistics',
    ]) {
      expect(xml).toContain(`<testsuite name="DK ${area}"`);
    }
  });

  it('without --issuer-key runs the checks that need no token and skips the others, saying why', async () => {
    const { code, output } = await runScript('conformance/dist/cli.js', [
      ...['--country', COUNTRY, '--national', `${service.url}/graphql`],
      ...['--crossborder', `${service.url}/crossborder/graphql`],
      ...['--issuer-jwks', join(TEST_AUTH_DIR, `${COUNTRY.toLowerCase()}.jwks.json`)],
    ]);
    expect(code).toBe(0);
    expect(output).toMatch(/PASS {2}the national endpoint serves an SDL compatible with the contract/);
    expect(output).toMatch(/PASS {2}no token at all is refused/);
    expect(output).toMatch(
      /SKIP {2}another country's case id \(case\(id:\)\) is refused\n\s+needs --issuer-key/,
    );
    expect(output).toMatch(/5 passed, 0 failed, \d+ skipped — NO FAILURE, but \d+ check\(s\) not judged/);
  });
});

describe('the conformance command line', () => {
  it('refuses options it cannot use with exit code 2, naming the option and the fix', async () => {
    const missing = await runScript('conformance/dist/cli.js', [
      '--country',
      COUNTRY,
      '--national',
      'http://x',
    ]);
    expect(missing).toEqual({
      code: 2,
      output: expect.stringMatching(/--crossborder is required, e\.g\. --crossborder http/),
    });
    const keyWithoutIssuer = await runScript('conformance/dist/cli.js', [
      ...['--country', COUNTRY, '--national', 'http://x', '--crossborder', 'http://y'],
      ...['--issuer-jwks', 'k.json', '--issuer-key', 'k.pem'],
    ]);
    expect(keyWithoutIssuer).toEqual({
      code: 2,
      output: expect.stringMatching(/--issuer-key needs --issuer/),
    });
  });
});

describe('the conformance kit against broken implementations', () => {
  let service: RunningProcess;
  let proxy: CountryProxy;

  beforeAll(async () => {
    service = await startNational({
      country: COUNTRY,
      database: `sqlite:${join(tempDir('conformance-broken'), 'dk.sqlite')}`,
    });
    proxy = new CountryProxy(service.url);
    await proxy.start();
  });
  afterAll(async () => {
    await proxy?.close();
    await service?.stop();
  });
  afterEach(() => {
    proxy.rewriteRequest = null;
    proxy.rewriteAnswer = null;
    proxy.rewriteSdl = null;
  });

  function run(options: Partial<ConformanceOptions> = {}): Promise<ConformanceReport> {
    const [, jwks, , key, , issuer] = issuerArgs() as string[];
    return runConformance({
      country: COUNTRY,
      nationalUrl: `${proxy.url}/graphql`,
      crossborderUrl: `${proxy.url}/crossborder/graphql`,
      issuerJwks: jwks as string,
      issuerKey: key,
      issuer,
      years: { from: 2023, to: 2025 },
      ...options,
    });
  }

  const failedIn = (report: ConformanceReport, area: string) =>
    report.results.filter((r) => r.area === area && r.status === 'fail').map((r) => r.name);

  it('passes through the proxy while it changes nothing (the baseline for the faults below), with the key set from a URL and the key as PEM', async () => {
    const [, jwksFile, , keyFile] = issuerArgs() as string[];
    const pem = join(tempDir('conformance-pem'), 'issuer.pem');
    const jwk = JSON.parse(readFileSync(keyFile as string, 'utf8')) as JsonWebKey;
    writeFileSync(
      pem,
      createPrivateKey({ key: jwk, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' }),
    );
    const jwksServer = createServer((_, res) => res.end(readFileSync(jwksFile as string)));
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    try {
      const report = await run({
        issuerJwks: `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`,
        issuerKey: pem,
      });
      expect(report.results.filter((r) => r.status !== 'pass')).toEqual([]);
    } finally {
      await new Promise((resolve) => jwksServer.close(resolve));
    }
  });

  it('fails ownership when the service answers for another country (the country check dropped)', async () => {
    // Another country's ids, representations and countries: become this country's before the service sees them.
    proxy.rewriteRequest = async (request) => ({
      ...request,
      body: request.body
        .replace(/\\?"SE:/g, (m) => m.replace('SE', COUNTRY))
        .replace(/countries: \[SE\]/g, `countries: [${COUNTRY}]`)
        .replace(/code: \\"SE\\"/g, `code: \\"${COUNTRY}\\"`)
        .replace(/(?<![A-Za-z])country: SE/g, `country: ${COUNTRY}`),
    });
    const report = await run();
    expect(failedIn(report, 'ownership')).toEqual(
      expect.arrayContaining([
        "another country's case id (case(id:)) is refused",
        'cases(countries:) naming only another country is refused',
        "another country's audit log (auditEvents(country:)) is refused",
        "an _entities representation of another country's statistics is refused",
      ]),
    );
  });

  it('fails authentication when the service takes claims without verifying the token', async () => {
    // What a service that only decodes tokens would do: believe any payload, or a default user without one.
    proxy.rewriteRequest = async (request) => {
      const payload = request.authorization?.split('.')[1];
      let claims: { roles?: RoleName[]; sub?: string; org?: string; country?: string } = {};
      try {
        claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
      } catch {
        claims = {};
      }
      const token = await tokenFor({
        country: COUNTRY,
        roles: claims.roles ?? ['NATIONAL_COORDINATOR'],
        subject: claims.sub ?? 'unverified',
        organisation: claims.org,
      });
      return { ...request, authorization: `Bearer ${token}` };
    };
    const report = await run();
    expect(failedIn(report, 'authentication')).toEqual(
      expect.arrayContaining([
        'no token at all is refused',
        'an expired token is refused',
        'a token for another audience is refused',
        "a token signed by another key under the issuer's key id is refused",
        'a token whose claims were edited after signing (an analyst made a coordinator) is refused',
        'an unsigned token (alg: none) is refused',
      ]),
    );
  });

  it("fails when error codes are not the contract's", async () => {
    proxy.rewriteAnswer = (answer) => {
      for (const error of (answer.errors ?? []) as { extensions?: { code?: string } }[]) {
        if (error.extensions?.code === 'INVALID_CURSOR') error.extensions.code = 'BAD_USER_INPUT';
        if (error.extensions?.code === 'NOT_OWNED_BY_THIS_COUNTRY') error.extensions.code = 'WRONG_COUNTRY';
      }
      return answer;
    };
    const report = await run();
    expect(failedIn(report, 'cursors')).toContain('a cursor of one filter is refused under another');
    expect(failedIn(report, 'error codes')).toEqual([
      'every error of the run carried a code of the contract',
    ]);
    expect(report.results.find((r) => r.area === 'error codes' && r.status === 'fail')?.reason).toMatch(
      /WRONG_COUNTRY/,
    );
  });

  it('fails the schema check when the served SDL retypes a field of the contract', async () => {
    proxy.rewriteSdl = (sdl) => sdl.replace('totalCount: Int!', 'totalCount: String!');
    const report = await run();
    expect(failedIn(report, 'schema')).toEqual([
      'the national endpoint serves an SDL compatible with the contract',
    ]);
    expect(report.results.find((r) => r.area === 'schema' && r.status === 'fail')?.reason).toMatch(
      /totalCount/,
    );
  });

  it('fails statistics when each query gets fresh noise (a cell that can be averaged)', async () => {
    let draw = 0;
    const noisy = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(noisy);
      else if (value && typeof value === 'object') {
        const cell = value as { value?: unknown; perturbed?: unknown };
        if (typeof cell.value === 'number' && cell.value >= 10 && 'perturbed' in cell)
          cell.value += (draw++ % 3) - 1;
        Object.values(value).forEach(noisy);
      }
    };
    proxy.rewriteAnswer = (answer) => {
      noisy(answer.data);
      return answer;
    };
    const report = await run();
    expect(failedIn(report, 'statistics')).toContain(
      'the same cell has the same value in every query (order of groupBy, repeated, year within a range)',
    );
  });
});
