import { join } from 'node:path';
import { z } from 'zod';

/** Default audience of every token in the network. */
export const NETWORK_AUDIENCE = 'nordic-thb-network';

/** Repository root (…/subgraphs/common/dist/auth → …). */
const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/** Where the local network keeps its generated signing keys (never committed: ./data is ignored). */
export const DEV_AUTH_DIR = join(REPO_ROOT, 'data', 'dev-auth');

/** The local network's issuers, one per country (what `npm start` and `npm run token` use). */
export function devIssuer(country: string): string {
  return `https://idp.${country.toLowerCase()}.nordic-thb.invalid`;
}
/**
 * The local network's members when nothing else is configured (`npm start` adds the countries of
 * LOCAL_NETWORK_COUNTRIES): a default of the development set-up, not the network's membership, which is
 * configuration (docs/operators.md "Adding a member country").
 */
export const DEV_COUNTRIES: readonly string[] = ['FI', 'SE', 'NO', 'DK', 'IS'];

/** The public key set (JWKS) of one local identity provider: `<dir>/<cc>.jwks.json`. */
export function devJwksPath(country: string, dir: string = DEV_AUTH_DIR): string {
  return join(dir, `${country.toLowerCase()}.jwks.json`);
}

/** AUTH_ISSUER_JWKS for the local identity providers of `countries` whose keys are in `dir`. */
export function devIssuerJwks(
  dir: string = DEV_AUTH_DIR,
  countries: readonly string[] = DEV_COUNTRIES,
): string {
  return countries.map((c) => `${devIssuer(c)}=${devJwksPath(c, dir)}`).join(',');
}

/** AUTH_ISSUERS for the local identity providers of `countries`. */
export function devIssuers(countries: readonly string[] = DEV_COUNTRIES): string {
  return countries.map((c) => `${c}=${devIssuer(c)}`).join(',');
}

export interface AuthSettings {
  /** Trusted issuer → the country it speaks for. A token's home country must be its issuer's. */
  issuers: Map<string, string>;
  /**
   * Trusted issuer → its own key set: a JWKS file (re-read when it changes) or an https URL (as OIDC
   * discovery's `jwks_uri` gives; cached and refreshed). A token verifies only with a key of its issuer.
   */
  keySets: Map<string, string>;
  audience: string;
  clockToleranceSeconds: number;
}

const schema = z.object({
  AUTH_ISSUERS: z.string().regex(/^([A-Z]{2}=https?:\/\/[^,=\s]+)(,[A-Z]{2}=https?:\/\/[^,=\s]+)*$/, {
    message:
      'must list COUNTRY=issuer-URL pairs separated by commas, e.g. FI=https://idp.fi.example,SE=https://idp.se.example',
  }),
  AUTH_ISSUER_JWKS: z.string().min(1),
  AUTH_AUDIENCE: z.string().min(1),
  AUTH_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300),
});

const EXAMPLE =
  'https://idp.fi.example=/etc/nordic/auth/fi.jwks.json,https://idp.se.example=https://idp.se.example/.well-known/jwks.json';

/** Authentication is configured so that the service must not start (the message names the key and the fix). */
export class AuthConfigError extends Error {
  override readonly name = 'AuthConfigError';
}

export function invalidAuthConfig(key: string, message: string): AuthConfigError {
  return new AuthConfigError(`invalid configuration: ${key}: ${message}.`);
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Checks one key set location: an https URL, an http URL on loopback (tests), or a file path. */
function checkLocation(issuer: string, location: string): void {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location)?.[1]?.toLowerCase();
  if (scheme === undefined) return; // a file path
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw invalidAuthConfig(
      'AUTH_ISSUER_JWKS',
      `the key set of ${issuer}, "${location}", is not a valid URL`,
    );
  }
  if (scheme === 'https') return;
  if (scheme === 'http' && LOOPBACK_HOSTS.has(url.hostname)) return;
  throw invalidAuthConfig(
    'AUTH_ISSUER_JWKS',
    `the key set of ${issuer} must be a file path or an https URL (http only on loopback), not "${location}"`,
  );
}

/**
 * Issuer → key set location from AUTH_ISSUER_JWKS (`issuer-URL=JWKS-file-or-URL` pairs separated by
 * commas or white space): exactly one entry per trusted issuer, and no key set shared by two issuers.
 */
function parseKeySets(value: string, issuers: Map<string, string>): Map<string, string> {
  const keySets = new Map<string, string>();
  const issuerOfLocation = new Map<string, string>();
  for (const entry of value.trim().split(/[\s,]+/)) {
    const separator = entry.indexOf('=');
    const issuer = entry.slice(0, separator);
    const location = entry.slice(separator + 1);
    if (separator <= 0 || location === '') {
      throw invalidAuthConfig(
        'AUTH_ISSUER_JWKS',
        `"${entry}" is not an issuer=key-set pair; list each trusted issuer's own JWKS, e.g. ${EXAMPLE}`,
      );
    }
    if (!issuers.has(issuer)) {
      throw invalidAuthConfig(
        'AUTH_ISSUER_JWKS',
        `names ${issuer}, which AUTH_ISSUERS does not trust; add COUNTRY=${issuer} to AUTH_ISSUERS or remove the entry`,
      );
    }
    if (keySets.has(issuer)) {
      throw invalidAuthConfig(
        'AUTH_ISSUER_JWKS',
        `names ${issuer} twice; give each issuer exactly one key set`,
      );
    }
    checkLocation(issuer, location);
    const other = issuerOfLocation.get(location);
    if (other) {
      throw invalidAuthConfig(
        'AUTH_ISSUER_JWKS',
        `${location} is the key set of both ${other} and ${issuer}; each issuer needs its own (a shared set lets either sign tokens in the other's name)`,
      );
    }
    issuerOfLocation.set(location, issuer);
    keySets.set(issuer, location);
  }
  for (const [issuer, country] of issuers) {
    if (!keySets.has(issuer)) {
      throw invalidAuthConfig(
        'AUTH_ISSUER_JWKS',
        `has no key set for ${issuer} (${country} in AUTH_ISSUERS); add ${issuer}=<its JWKS file or https URL>`,
      );
    }
  }
  return keySets;
}

/**
 * Authentication settings from the environment, defaulting to the local network's generated keys and
 * issuers: AUTH_ISSUERS, AUTH_ISSUER_JWKS, AUTH_AUDIENCE, AUTH_CLOCK_TOLERANCE_SECONDS. Invalid
 * settings throw, naming the variable and the fix, so a service refuses to start on them.
 */
export function loadAuthSettings(env: NodeJS.ProcessEnv = process.env): AuthSettings {
  if (env.AUTH_JWKS !== undefined) {
    throw invalidAuthConfig(
      'AUTH_JWKS',
      `one key set for every issuer is no longer accepted (any key in it would verify any issuer's tokens); remove AUTH_JWKS and set AUTH_ISSUER_JWKS to each trusted issuer's own key set, e.g. ${EXAMPLE}`,
    );
  }
  if (env.AUTH_ISSUERS !== undefined && env.AUTH_ISSUER_JWKS === undefined) {
    throw invalidAuthConfig(
      'AUTH_ISSUER_JWKS',
      `not set: name the key set of every issuer in AUTH_ISSUERS, e.g. ${EXAMPLE}`,
    );
  }
  const raw = {
    AUTH_ISSUERS: env.AUTH_ISSUERS ?? devIssuers(),
    AUTH_ISSUER_JWKS: env.AUTH_ISSUER_JWKS ?? devIssuerJwks(),
    AUTH_AUDIENCE: env.AUTH_AUDIENCE ?? NETWORK_AUDIENCE,
    AUTH_CLOCK_TOLERANCE_SECONDS: env.AUTH_CLOCK_TOLERANCE_SECONDS ?? 30,
  };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidAuthConfig(String(issue?.path[0]), String(issue?.message));
  }
  const issuers = new Map<string, string>();
  for (const pair of parsed.data.AUTH_ISSUERS.split(',')) {
    const [country, issuer] = pair.split('=') as [string, string];
    const known = issuers.get(issuer);
    if (known !== undefined) {
      throw invalidAuthConfig(
        'AUTH_ISSUERS',
        `${issuer} is listed twice (${known} and ${country}); an issuer speaks for one country`,
      );
    }
    issuers.set(issuer, country);
  }
  return {
    issuers,
    keySets: parseKeySets(parsed.data.AUTH_ISSUER_JWKS, issuers),
    audience: parsed.data.AUTH_AUDIENCE,
    clockToleranceSeconds: parsed.data.AUTH_CLOCK_TOLERANCE_SECONDS,
  };
}
