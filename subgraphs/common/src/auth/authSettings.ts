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
export const DEV_COUNTRIES = ['FI', 'SE', 'NO', 'DK', 'IS'] as const;

export interface AuthSettings {
  /** A JWKS file path (local network) or an https URL (production, cached and refreshed). */
  jwks: string;
  /** Trusted issuer → the country it speaks for. A token's home country must be its issuer's. */
  issuers: Map<string, string>;
  audience: string;
  clockToleranceSeconds: number;
}

const schema = z.object({
  AUTH_JWKS: z.string().min(1),
  AUTH_ISSUERS: z.string().regex(/^([A-Z]{2}=https?:\/\/[^,=\s]+)(,[A-Z]{2}=https?:\/\/[^,=\s]+)*$/, {
    message:
      'must list COUNTRY=issuer-URL pairs separated by commas, e.g. FI=https://idp.fi.example,SE=https://idp.se.example',
  }),
  AUTH_AUDIENCE: z.string().min(1),
  AUTH_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300),
});

/**
 * Authentication settings from the environment, defaulting to the local network's generated keys
 * and issuers: AUTH_JWKS, AUTH_ISSUERS, AUTH_AUDIENCE, AUTH_CLOCK_TOLERANCE_SECONDS.
 */
export function loadAuthSettings(env: NodeJS.ProcessEnv = process.env): AuthSettings {
  const raw = {
    AUTH_JWKS: env.AUTH_JWKS ?? join(DEV_AUTH_DIR, 'jwks.json'),
    AUTH_ISSUERS: env.AUTH_ISSUERS ?? DEV_COUNTRIES.map((c) => `${c}=${devIssuer(c)}`).join(','),
    AUTH_AUDIENCE: env.AUTH_AUDIENCE ?? NETWORK_AUDIENCE,
    AUTH_CLOCK_TOLERANCE_SECONDS: env.AUTH_CLOCK_TOLERANCE_SECONDS ?? 30,
  };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid configuration: ${String(issue?.path[0])}: ${issue?.message}.`);
  }
  const issuers = new Map<string, string>();
  for (const pair of parsed.data.AUTH_ISSUERS.split(',')) {
    const [country, issuer] = pair.split('=') as [string, string];
    issuers.set(issuer, country);
  }
  return {
    jwks: parsed.data.AUTH_JWKS,
    issuers,
    audience: parsed.data.AUTH_AUDIENCE,
    clockToleranceSeconds: parsed.data.AUTH_CLOCK_TOLERANCE_SECONDS,
  };
}
