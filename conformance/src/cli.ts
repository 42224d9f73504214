#!/usr/bin/env node
/**
 * `npm run conformance -- --country FI --national URL --crossborder URL --issuer-jwks FILE_OR_URL
 *  [--issuer-key FILE --issuer ISS] [--junit report.xml] …` runs the conformance kit against one national
 * implementation and prints the report. Exit code 0: every check passed (skips allowed); 1: a check
 * failed; 2: the options cannot be used (the message says how to fix them).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { AREAS, type Area } from './checks/check';
import { junitXml, resultLine, summary, totals } from './report';
import { DEFAULT_AUDIENCE, type ConformanceOptions, runConformance } from './run';

const HELP = `usage: npm run conformance -- --country CC --national URL --crossborder URL --issuer-jwks FILE_OR_URL
         [--issuer-key FILE --issuer ISS] [--audience AUD] [--junit report.xml] [options]

Runs the Nordic contract's conformance checks over HTTP against one national implementation (any
language): schema, authentication, ownership, cursors, purposes and roles, audit, referrals,
statistics, error codes. Nothing inside the implementation is needed.

required:
  --country CC          the implementation's country, e.g. FI
  --national URL        its national endpoint, e.g. http://127.0.0.1:4011/graphql
  --crossborder URL     its crossborder endpoint, e.g. http://127.0.0.1:4011/crossborder/graphql
  --issuer-jwks LOC     the public key set (file or http(s) URL) of the issuer it trusts for CC

tokens (without --issuer-key only the schema checks and the no-token refusals run; the rest are skipped):
  --issuer-key FILE     the issuer's private key, a JWK (JSON) or PKCS#8 PEM, to mint test tokens
  --issuer ISS          the issuer (iss) the implementation trusts for CC, e.g. https://idp.fi.example
  --audience AUD        the audience its tokens carry (default ${DEFAULT_AUDIENCE})
  --alg ALG             the algorithm of a PEM key (default ES256; a JWK's own alg wins)

options:
  --junit FILE          also write the report as JUnit XML (one testsuite per area)
  --foreign-country CC  a member country whose ids must be refused (default SE; FI when testing SE)
  --years FROM-TO       statistics years to examine (default the three years before this one)
  --area NAME           run only this area; repeat for several (${AREAS.join(', ')})
  --read-only           skip the checks that write (they send one referral and withdraw it)
  --timeout SECONDS     per request (default 30)
  -h, --help            this text

Run it against a test instance with data: the referral checks write, and every check is audited.
Exit code: 0 all checks passed (skips allowed), 1 a check failed, 2 unusable options.`;

class UsageError extends Error {}

function years(value: string): { from: number; to: number } {
  const match = /^(\d{4})(?:-(\d{4}))?$/.exec(value);
  if (!match)
    throw new UsageError(`--years must be YYYY or YYYY-YYYY, e.g. --years 2023-2025 (got "${value}")`);
  const from = Number(match[1]);
  const to = Number(match[2] ?? match[1]);
  if (to < from) throw new UsageError(`--years ${value} runs backwards; give FROM-TO with FROM ≤ TO`);
  return { from, to };
}

function required(values: Record<string, unknown>, name: string, example: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '')
    throw new UsageError(`--${name} is required, e.g. --${name} ${example}`);
  return value;
}

export function parseOptions(argv: string[]): (ConformanceOptions & { junit?: string }) | 'help' {
  let values;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: {
        country: { type: 'string' },
        national: { type: 'string' },
        crossborder: { type: 'string' },
        'issuer-jwks': { type: 'string' },
        'issuer-key': { type: 'string' },
        issuer: { type: 'string' },
        audience: { type: 'string' },
        alg: { type: 'string' },
        junit: { type: 'string' },
        'foreign-country': { type: 'string' },
        years: { type: 'string' },
        area: { type: 'string', multiple: true },
        'read-only': { type: 'boolean' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const country = required(values, 'country', 'FI').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country))
    throw new UsageError(`--country must be a two-letter code, e.g. FI (got "${country}")`);
  const areas = values.area?.map((a) => {
    if (!(AREAS as readonly string[]).includes(a))
      throw new UsageError(`--area ${a} is not an area; the areas are: ${AREAS.join(', ')}`);
    return a as Area;
  });
  if (values['issuer-key'] && !values.issuer) {
    throw new UsageError(
      '--issuer-key needs --issuer: the iss the implementation trusts for the country, e.g. --issuer https://idp.fi.example',
    );
  }
  const timeout = values.timeout === undefined ? 30 : Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0)
    throw new UsageError(`--timeout must be a number of seconds, e.g. --timeout 30`);
  return {
    country,
    nationalUrl: required(values, 'national', 'http://127.0.0.1:4011/graphql'),
    crossborderUrl: required(values, 'crossborder', 'http://127.0.0.1:4011/crossborder/graphql'),
    issuerJwks: required(values, 'issuer-jwks', 'data/dev-auth/fi.jwks.json'),
    issuerKey: values['issuer-key'],
    issuer: values.issuer,
    audience: values.audience,
    algorithm: values.alg,
    foreignCountry: values['foreign-country'],
    years: values.years === undefined ? undefined : years(values.years),
    readOnly: values['read-only'] ?? false,
    areas,
    timeoutMs: timeout * 1000,
    junit: values.junit,
  };
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options === 'help') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const progress = process.stderr.isTTY;
  const report = await runConformance(options, (result) => {
    if (progress) process.stderr.write(`${result.area}: ${resultLine(result).trim()}\n`);
  });
  process.stdout.write(`${summary(report)}\n`);
  if (options.junit) {
    await writeFile(options.junit, junitXml(report));
    process.stdout.write(`JUnit report: ${options.junit}\n`);
  }
  return totals(report).fail === 0 ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`conformance: ${message}`);
      if (error instanceof UsageError) console.error('(npm run conformance -- --help shows every option)');
      process.exit(2);
    },
  );
}
