import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEV_COUNTRIES,
  devIssuer,
  devIssuerJwks,
  devIssuers,
  loadAuthSettings,
} from '../../subgraphs/common/src/auth/authSettings';
import { ensureDevKeys } from '../../subgraphs/common/src/auth/devKeys';
import { BearerVerifier } from '../../subgraphs/common/src/auth/bearerVerifier';
import { ROLES } from '../../subgraphs/common/src/auth/principal';
import { ASSISTANCE_ORGANISATIONS } from '../../subgraphs/national/src/seed/assistanceOrganisations';
import type { SeedCountry } from '../../subgraphs/national/src/seed/seedCountries';
import { tempDir } from '../support/services';

const ROOT = join(__dirname, '..', '..');
/** The local network's keys for this test, as npm start keeps them under LOCAL_NETWORK_DATA_DIR. */
const DATA_DIR = tempDir('token-cli');
/** Roles whose token is useless without an organisation: the network refuses a caseworker without `org`. */
const NEEDS_ORG = ['ASSISTANCE_CASEWORKER'];

/** Runs the built `npm run token` command as a process. */
function token(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [join(ROOT, 'subgraphs/common/dist/auth/tokenCli.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOCAL_NETWORK_DATA_DIR: DATA_DIR },
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const verifier = () =>
  new BearerVerifier(
    loadAuthSettings({
      AUTH_ISSUERS: DEV_COUNTRIES.map((c) => `${c}=${devIssuer(c)}`).join(','),
      AUTH_ISSUER_JWKS: devIssuerJwks(join(DATA_DIR, 'dev-auth')),
    }),
  );

/** The arguments of the help's example command lines (`npm run -s token -- …`). */
function examples(help: string): string[][] {
  return [...help.matchAll(/^ {2}(?:TOKEN=\$\()?npm run -s token -- (--country [^)\n]+)/gm)].map((m) =>
    (m[1] as string).trim().split(/\s+/),
  );
}

/** A refusal: exit code 2, no token on stdout, and a message naming the fix. */
function expectRefused(outcome: ReturnType<typeof token>, fix: RegExp): void {
  expect(outcome.code).toBe(2);
  expect(outcome.stdout).toBe('');
  expect(outcome.stderr).toMatch(/^token: /);
  expect(outcome.stderr).toMatch(fix);
}

describe('npm run token', () => {
  afterAll(() => rmSync(DATA_DIR, { recursive: true, force: true }));

  it("signs tokens of a member that joined once npm start made its keys (LOCAL_NETWORK_COUNTRIES), verified by that member's issuer only", async () => {
    expectRefused(token('--country', 'EE', '--role', 'ANALYST'), /got "EE"/);
    await ensureDevKeys(join(DATA_DIR, 'dev-auth'), ['EE']);
    const { code, stdout } = token('--country', 'EE', '--role', 'NATIONAL_COORDINATOR');
    expect(code).toBe(0);
    const settings = loadAuthSettings({
      AUTH_ISSUERS: devIssuers(['EE']),
      AUTH_ISSUER_JWKS: devIssuerJwks(join(DATA_DIR, 'dev-auth'), ['EE']),
    });
    const principal = await new BearerVerifier(settings).verify(`Bearer ${stdout.trim()}`);
    expect(principal).toMatchObject({ country: 'EE', roles: ['NATIONAL_COORDINATOR'] });
  });

  it('explains itself with --help: every option, every role, which roles need --org, examples', () => {
    for (const flag of ['--help', '-h']) {
      const { code, stdout, stderr } = token(flag);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(stdout).toMatch(/^usage: npm run -s token -- --country CC --role ROLE/);
      for (const option of ['--country', '--role', '--org', '--subject', '--ttl', '--help'])
        expect(stdout).toMatch(new RegExp(`^\\s+(-h, )?${option}\\b`, 'm'));
      for (const role of ROLES) {
        const line = new RegExp(`^  ${role} .*$`, 'm').exec(stdout)?.[0];
        expect({ role, line: line !== undefined }).toEqual({ role, line: true });
        expect({ role, needsOrg: /needs --org$/.test(line as string) }).toEqual({
          role,
          needsOrg: NEEDS_ORG.includes(role),
        });
      }
      // The organisations the synthetic cases belong to, as the seed spreads them (kept in step).
      for (const country of DEV_COUNTRIES)
        expect(stdout).toContain(
          `  ${country}  ${ASSISTANCE_ORGANISATIONS[country as SeedCountry].join(', ')}\n`,
        );
      expect(examples(stdout).length).toBeGreaterThanOrEqual(3);
    }
  });

  it('issues a token for every example in --help', async () => {
    const help = token('--help').stdout;
    expect(examples(help).length).toBeGreaterThanOrEqual(3);
    for (const args of examples(help)) {
      const outcome = token(...args);
      expect({ args, code: outcome.code, stderr: outcome.stderr }).toEqual({ args, code: 0, stderr: '' });
      const country = args[args.indexOf('--country') + 1];
      await expect(verifier().verify(`Bearer ${outcome.stdout.trim()}`)).resolves.toMatchObject({ country });
    }
  });

  // Every role, each country in turn; the roles that need --org in every country.
  const cases = [
    ...ROLES.map((role, i) => [role, DEV_COUNTRIES[i % DEV_COUNTRIES.length] as string] as const),
    ...NEEDS_ORG.flatMap((role) => DEV_COUNTRIES.map((country) => [role, country] as const)),
  ];
  it.each(cases)(
    'for %s of %s: issues a verifiable token with --org, and without one only if the role does without',
    async (role, country) => {
      const org = ASSISTANCE_ORGANISATIONS[country as keyof typeof ASSISTANCE_ORGANISATIONS][0] as string;
      const withOrg = token('--country', country, '--role', role, '--org', org);
      expect({ code: withOrg.code, stderr: withOrg.stderr }).toEqual({ code: 0, stderr: '' });
      await expect(verifier().verify(`Bearer ${withOrg.stdout.trim()}`)).resolves.toMatchObject({
        country,
        issuer: devIssuer(country),
        roles: [role],
        organisation: org,
      });

      const without = token('--country', country, '--role', role.toLowerCase());
      if (NEEDS_ORG.includes(role)) {
        expectRefused(
          without,
          new RegExp(`--role ${role} needs --org.*e\\.g\\. --org ${country}:Organisation:`),
        );
      } else {
        expect({ code: without.code, stderr: without.stderr }).toEqual({ code: 0, stderr: '' });
        await expect(verifier().verify(`Bearer ${without.stdout.trim()}`)).resolves.toMatchObject({
          country,
          roles: [role],
          organisation: null,
        });
      }
    },
  );

  it('refuses a caseworker without --org even alongside another role', () => {
    expectRefused(
      token('--country', 'SE', '--role', 'NATIONAL_COORDINATOR', '--role', 'ASSISTANCE_CASEWORKER'),
      /needs --org/,
    );
  });

  it.each([
    [
      ['--country', 'FI', '--role', 'NATIONAL_COORDINATOR', '--organisation', 'x'],
      /unknown option --organisation; the options are --country, --role, --org/,
    ],
    [['--country', 'FI', '--roles', 'ANALYST'], /unknown option --roles; the options are/],
    [
      ['--country', 'FI', '--role', 'CASEWORKER'],
      /--role CASEWORKER is not a role.*did you mean ASSISTANCE_CASEWORKER\?/,
    ],
    [['--country', 'FI', '--role', 'COORDINATOR'], /did you mean NATIONAL_COORDINATOR\?/],
    [
      ['--country', 'FI', '--role', 'ANALYST', '--role', 'ADMIN'],
      /--role ADMIN is not a role.*roles: NATIONAL_COORDINATOR, /,
    ],
    [['--country', 'FI', '--role'], /--role needs a value, e\.g\. --role NATIONAL_COORDINATOR/],
    [['FI', 'NATIONAL_COORDINATOR'], /every value follows its option, e\.g\. --country FI --role/],
    [['--role', 'ANALYST'], /--country is required: one of FI, SE, NO, DK, IS/],
    [
      ['--country', 'AX', '--role', 'ANALYST'],
      /--country must be one of FI, SE, NO, DK, IS or a member whose keys npm start made \(LOCAL_NETWORK_COUNTRIES\), got "AX"/,
    ],
    [['--country', 'FI'], /--role is required, e\.g\. --role NATIONAL_COORDINATOR/],
    [
      ['--country', 'SE', '--role', 'ASSISTANCE_CASEWORKER', '--org', 'FI:Organisation:nas'],
      /--org must be an organisation of SE, its directory id SE:Organisation:<name>/,
    ],
    [
      ['--country', 'SE', '--role', 'ASSISTANCE_CASEWORKER', '--org', 'nsp'],
      /--org must be an organisation of SE/,
    ],
    [
      ['--country', 'FI', '--role', 'ANALYST', '--ttl', 'forever'],
      /--ttl must look like 900s, 30m, 1h or 1d/,
    ],
  ])('refuses %j with exit code 2, naming the fix', (args, fix) => {
    expectRefused(token(...args), fix);
  });
});
