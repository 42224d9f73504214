/** Runs every check against one implementation, area by area, and collects the results. */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { GraphqlClient } from './graphqlClient';
import { TokenMinter, loadJwks } from './tokens';
import {
  AREAS,
  type Area,
  type Check,
  type CheckResult,
  FailCheck,
  SkipCheck,
  type Target,
} from './checks/check';
import { auditChecks } from './checks/auditChecks';
import { authenticationChecks } from './checks/authenticationChecks';
import { cursorChecks } from './checks/cursorChecks';
import { errorCodeChecks } from './checks/errorCodeChecks';
import { ownershipChecks } from './checks/ownershipChecks';
import { purposeChecks } from './checks/purposeChecks';
import { referralChecks } from './checks/referralChecks';
import { schemaChecks } from './checks/schemaChecks';
import { statisticsChecks } from './checks/statisticsChecks';

export interface ConformanceOptions {
  /** The implementation's country (ISO 3166-1 alpha-2, e.g. FI). */
  country: string;
  /** Its national endpoint, e.g. https://thb.example.fi/graphql. */
  nationalUrl: string;
  /** Its crossborder endpoint, e.g. https://thb.example.fi/crossborder/graphql. */
  crossborderUrl: string;
  /** The JWKS (file or URL) of the issuer the implementation trusts for the country. */
  issuerJwks: string;
  /** The issuer's private key (JWK JSON or PKCS#8 PEM file): without it, checks that need a token are skipped. */
  issuerKey?: string;
  /** The issuer's `iss` (required with issuerKey). */
  issuer?: string;
  /** The audience tokens must carry (default nordic-thb-network). */
  audience?: string;
  /** Signing algorithm of a PEM key (default ES256; a JWK's own alg wins). */
  algorithm?: string;
  /** A member country whose ids must be refused (default SE, or FI when testing SE). */
  foreignCountry?: string;
  /** Statistics years to examine (default the three years before the current one). */
  years?: { from: number; to: number };
  /** Skip the checks that write (the referral state machine). */
  readOnly?: boolean;
  /** Only these areas (default all). */
  areas?: Area[];
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
}

export interface ResultOfCheck extends CheckResult {
  area: Area;
  name: string;
  durationMs: number;
}

export interface ConformanceReport {
  country: string;
  nationalUrl: string;
  crossborderUrl: string;
  startedAt: string;
  results: ResultOfCheck[];
}

export const ALL_CHECKS: readonly Check[] = [
  ...schemaChecks,
  ...authenticationChecks,
  ...ownershipChecks,
  ...cursorChecks,
  ...purposeChecks,
  ...auditChecks,
  ...referralChecks,
  ...statisticsChecks,
  ...errorCodeChecks,
].sort((a, b) => AREAS.indexOf(a.area) - AREAS.indexOf(b.area));

export const DEFAULT_AUDIENCE = 'nordic-thb-network';

async function tokenMinter(options: ConformanceOptions): Promise<TokenMinter | null> {
  const jwks = await loadJwks(options.issuerJwks);
  if (options.issuerKey === undefined) return null;
  if (!options.issuer)
    throw new Error('--issuer is required with --issuer-key: the iss the service trusts for the country');
  return TokenMinter.create({
    issuer: options.issuer,
    audience: options.audience ?? DEFAULT_AUDIENCE,
    country: options.country,
    jwks,
    privateKeyText: await readFile(options.issuerKey, 'utf8'),
    algorithm: options.algorithm,
  });
}

async function runOne(check: Check, target: Target): Promise<CheckResult> {
  try {
    return await check.run(target);
  } catch (error) {
    if (error instanceof SkipCheck) return { status: 'skip', reason: error.message };
    if (error instanceof FailCheck) return { status: 'fail', reason: error.message };
    const cause = (error as Error & { cause?: Error }).cause;
    return { status: 'fail', reason: `${(error as Error).message}${cause ? ` (${cause.message})` : ''}` };
  }
}

/**
 * Runs the kit. `onResult` sees each result as it comes (for progress on a terminal). Throws only for
 * options it cannot use (an unreadable key or key set); everything the implementation does is a result.
 */
export async function runConformance(
  options: ConformanceOptions,
  onResult: (result: ResultOfCheck) => void = () => undefined,
): Promise<ConformanceReport> {
  const country = options.country.toUpperCase();
  const currentYear = new Date().getUTCFullYear();
  const target: Target = {
    country,
    foreignCountry: (options.foreignCountry ?? (country === 'SE' ? 'FI' : 'SE')).toUpperCase(),
    nationalUrl: options.nationalUrl,
    crossborderUrl: options.crossborderUrl,
    years: options.years ?? { from: currentYear - 3, to: currentYear - 1 },
    client: new GraphqlClient(options.timeoutMs ?? 30_000),
    tokens: await tokenMinter({ ...options, country }),
    readOnly: options.readOnly ?? false,
    runId: randomBytes(4).toString('hex'),
    memo: new Map(),
  };
  const report: ConformanceReport = {
    country,
    nationalUrl: options.nationalUrl,
    crossborderUrl: options.crossborderUrl,
    startedAt: new Date().toISOString(),
    results: [],
  };
  for (const check of ALL_CHECKS) {
    if (options.areas && !options.areas.includes(check.area)) continue;
    const started = performance.now();
    const result: ResultOfCheck = {
      area: check.area,
      name: check.name,
      ...(await runOne(check, target)),
      durationMs: Math.round(performance.now() - started),
    };
    report.results.push(result);
    onResult(result);
  }
  return report;
}
