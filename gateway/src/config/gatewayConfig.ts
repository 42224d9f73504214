import { readFileSync } from 'node:fs';
import { isCountryCode } from '@nordic/schema';
import { describeConfigError } from '@nordic/subgraph-common';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { corsOrigin } from '../http/cors';

const httpUrl = z
  .string({ message: 'is missing' })
  .url({ message: 'must be an http(s) URL such as http://127.0.0.1:4011/graphql' })
  .refine((u) => /^https?:\/\//.test(u), { message: 'must start with http:// or https://' });

const countrySchema = z
  .object({
    // Any member: which countries the gateway routes to is this list, not a list in code.
    code: z
      .string({ message: 'is missing' })
      .refine(isCountryCode, { message: 'must be an ISO 3166-1 alpha-2 country code in capitals' }),
    national: httpUrl,
    crossborder: httpUrl,
    timeoutMs: z.coerce.number().int().min(50).max(120_000).default(5000),
    /**
     * Where this country's users sign in to the dashboard and the IDE: their identity provider (an
     * OpenID Connect issuer, found by discovery) and the client id it knows the gateway's pages by.
     * Absent: the pages offer no sign-in for the country (a token can still be pasted).
     */
    signIn: z
      .object({
        issuer: httpUrl,
        clientId: z.string({ message: 'is missing' }).min(1, { message: 'must not be empty' }),
      })
      .strict()
      .optional(),
  })
  .strict();

const configSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65535).default(4000),
    network: z
      .object({ url: httpUrl, timeoutMs: z.coerce.number().int().min(50).max(120_000).default(5000) })
      .strict(),
    countries: z
      .array(countrySchema)
      .min(1, { message: 'must name at least one country' })
      .refine((list) => new Set(list.map((c) => c.code)).size === list.length, {
        message: 'names a country twice',
      }),
    schemaCheckIntervalSeconds: z.coerce.number().min(1).max(3600).default(30),
    circuitBreaker: z
      .object({
        failureThreshold: z.coerce.number().int().min(1).max(100).default(5),
        resetAfterSeconds: z.coerce.number().min(0.1).max(600).default(10),
      })
      .strict()
      .default({ failureThreshold: 5, resetAfterSeconds: 10 }),
    introspection: z.coerce.boolean().default(true),
    /** Origins whose pages may call the gateway from a browser (CORS); none by default. */
    corsOrigins: z.array(corsOrigin).default([]),
    /**
     * The client certificate the gateway presents to every country (mutual TLS), and the CA it trusts
     * for the countries' server certificates; absent: no client certificate.
     */
    countryTls: z
      .object({
        certFile: z.string({ message: 'is missing' }).min(1),
        keyFile: z.string({ message: 'is missing' }).min(1),
        caFile: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type GatewayConfig = z.infer<typeof configSchema>;

const HINTS: Record<string, string> = {
  'network.url':
    'set network.url in the config file (or NETWORK_URL) to the registry, e.g. http://127.0.0.1:4001/graphql.',
  countries: 'list each member country with code, national and crossborder URLs.',
  port: 'set port (or GATEWAY_PORT) to a free TCP port, e.g. 4000.',
  'countryTls.certFile':
    "set countryTls.certFile and countryTls.keyFile (or GATEWAY_COUNTRY_TLS_CERT_FILE and GATEWAY_COUNTRY_TLS_KEY_FILE) to the gateway's PEM client certificate and key.",
  'countryTls.keyFile':
    "set countryTls.certFile and countryTls.keyFile (or GATEWAY_COUNTRY_TLS_CERT_FILE and GATEWAY_COUNTRY_TLS_KEY_FILE) to the gateway's PEM client certificate and key.",
};

function corsHint(path: string): string | undefined {
  return /^corsOrigins(\.\d+)?$/.test(path)
    ? 'list origins as scheme://host[:port], e.g. corsOrigins: [https://dashboard.example.org] (or GATEWAY_CORS_ORIGINS, comma-separated).'
    : undefined;
}

function hintFor(path: string): string | undefined {
  if (HINTS[path]) return HINTS[path];
  if (corsHint(path)) return corsHint(path);
  const m = /^countries\.(\d+)\.(\w+)$/.exec(path);
  if (m) {
    const field = m[2];
    if (field === 'national')
      return "give the country's national subgraph URL, e.g. http://127.0.0.1:4011/graphql.";
    if (field === 'crossborder')
      return "give the country's crossborder URL, e.g. http://127.0.0.1:4011/crossborder/graphql.";
    if (field === 'code')
      return 'give the ISO 3166-1 alpha-2 code of a member country that runs a national service, e.g. FI or EE (docs/operators.md "Adding a member country").';
    if (field === 'timeoutMs') return 'give the timeout in milliseconds, 50–120000.';
  }
  if (/^countries\.\d+\.signIn(\.\w+)?$/.test(path))
    return 'give the country\'s identity provider as signIn: { issuer: https://idp.example.fi, clientId: nordic-network } (or COUNTRY_<CC>_SIGNIN_ISSUER and COUNTRY_<CC>_SIGNIN_CLIENT_ID); docs/operators.md "Sign-in".';
  return undefined;
}

/**
 * Environment overrides, applied on top of the file: GATEWAY_HOST, GATEWAY_PORT, NETWORK_URL,
 * SCHEMA_CHECK_INTERVAL_SECONDS, GATEWAY_CORS_ORIGINS (comma-separated), GATEWAY_COUNTRY_TLS_CERT_FILE,
 * GATEWAY_COUNTRY_TLS_KEY_FILE, GATEWAY_COUNTRY_TLS_CA_FILE (mutual TLS to the countries), and per country COUNTRY_<CC>_NATIONAL_URL, COUNTRY_<CC>_CROSSBORDER_URL,
 * COUNTRY_<CC>_TIMEOUT_MS, COUNTRY_<CC>_SIGNIN_ISSUER and COUNTRY_<CC>_SIGNIN_CLIENT_ID (sign-in).
 */
function applyEnvironment(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const result: Record<string, unknown> = { ...raw };
  if (env.GATEWAY_HOST) result.host = env.GATEWAY_HOST;
  if (env.GATEWAY_PORT) result.port = env.GATEWAY_PORT;
  if (env.SCHEMA_CHECK_INTERVAL_SECONDS)
    result.schemaCheckIntervalSeconds = env.SCHEMA_CHECK_INTERVAL_SECONDS;
  if (env.GATEWAY_CORS_ORIGINS !== undefined) result.corsOrigins = splitOrigins(env.GATEWAY_CORS_ORIGINS);
  if (env.NETWORK_URL) result.network = { ...((raw.network as object) ?? {}), url: env.NETWORK_URL };
  const tls: Record<string, unknown> = { ...((raw.countryTls as object | undefined) ?? {}) };
  if (env.GATEWAY_COUNTRY_TLS_CERT_FILE) tls.certFile = env.GATEWAY_COUNTRY_TLS_CERT_FILE;
  if (env.GATEWAY_COUNTRY_TLS_KEY_FILE) tls.keyFile = env.GATEWAY_COUNTRY_TLS_KEY_FILE;
  if (env.GATEWAY_COUNTRY_TLS_CA_FILE) tls.caFile = env.GATEWAY_COUNTRY_TLS_CA_FILE;
  if (Object.keys(tls).length > 0) result.countryTls = tls;
  if (Array.isArray(raw.countries)) {
    result.countries = (raw.countries as Record<string, unknown>[]).map((country) => {
      const code = String(country.code ?? '').toUpperCase();
      const copy = { ...country };
      if (env[`COUNTRY_${code}_NATIONAL_URL`]) copy.national = env[`COUNTRY_${code}_NATIONAL_URL`];
      if (env[`COUNTRY_${code}_CROSSBORDER_URL`]) copy.crossborder = env[`COUNTRY_${code}_CROSSBORDER_URL`];
      if (env[`COUNTRY_${code}_TIMEOUT_MS`]) copy.timeoutMs = env[`COUNTRY_${code}_TIMEOUT_MS`];
      const issuer = env[`COUNTRY_${code}_SIGNIN_ISSUER`];
      const clientId = env[`COUNTRY_${code}_SIGNIN_CLIENT_ID`];
      if (issuer || clientId)
        copy.signIn = {
          ...((country.signIn as object | undefined) ?? {}),
          ...(issuer ? { issuer } : {}),
          ...(clientId ? { clientId } : {}),
        };
      return copy;
    });
  }
  return result;
}

/** `GATEWAY_CORS_ORIGINS`: comma-separated origins (empty: none). */
export function splitOrigins(text: string): string[] {
  return text
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o.length > 0);
}

export class GatewayConfigError extends Error {}

/** Parses and validates a gateway configuration object (from YAML or JSON), with environment overrides. */
export function parseGatewayConfig(raw: unknown, env: NodeJS.ProcessEnv = {}): GatewayConfig {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new GatewayConfigError(
      'invalid configuration: the file must hold a mapping with network and countries.',
    );
  }
  const parsed = configSchema.safeParse(applyEnvironment(raw as Record<string, unknown>, env));
  if (!parsed.success) {
    const hints: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.');
      const hint = hintFor(key);
      if (hint) hints[key] = hint;
    }
    throw new GatewayConfigError(describeConfigError(parsed.error, hints));
  }
  return parsed.data;
}

/** Reads a YAML or JSON configuration file. */
export function loadGatewayConfig(file: string, env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new GatewayConfigError(`cannot read the configuration file ${file}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text); // YAML is a superset of JSON
  } catch (error) {
    throw new GatewayConfigError(`${file} is not valid YAML or JSON: ${(error as Error).message}`);
  }
  return parseGatewayConfig(raw, env);
}
