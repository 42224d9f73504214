import { existsSync, readFileSync } from 'node:fs';
import {
  type ServicePublicKey,
  type ServiceSigningKey,
  describeConfigError,
  devAuditChainKeyFile,
  devServiceJwksFile,
  devServiceKeyFile,
  loadServicePublicKeys,
  loadServiceSigningKey,
} from '@nordic/subgraph-common';
import { z } from 'zod';

/** How this country keeps its audit log tamper-evident (docs/security/audit-log.md). */
export interface AuditSettings {
  /** HMAC key of the audit chain (AUDIT_CHAIN_KEY_FILE or AUDIT_CHAIN_KEY). */
  chainKey: Buffer;
  /** This country's service key, signing its checkpoints and countersigning others' (SERVICE_SIGNING_KEY_FILE). */
  signingKey: ServiceSigningKey;
  /** Every country's service public key (SERVICE_KEYS_JWKS): what this country witnesses against. */
  serviceKeys: ServicePublicKey[];
  /** Cadence of the signed checkpoints (AUDIT_CHECKPOINT_INTERVAL_MS). */
  checkpointIntervalMs: number;
  /** The network registry's base URL the checkpoints go to (AUDIT_CHECKPOINT_REGISTRY_URL), or null. */
  registryUrl: string | null;
  /** Witness countries and their national services' base URLs (AUDIT_CHECKPOINT_WITNESSES). */
  witnesses: { country: string; url: string }[];
}

const MIN_KEY_BYTES = 32;
const GENERATE = 'openssl rand -base64 32';
const HINTS: Record<string, string> = {
  AUDIT_CHAIN_KEY: `set AUDIT_CHAIN_KEY to this country's audit-chain key, base64 of ${MIN_KEY_BYTES} or more random bytes (e.g. \`${GENERATE}\`), kept outside the database.`,
  AUDIT_CHAIN_KEY_FILE: `set AUDIT_CHAIN_KEY_FILE to a JSON file {"key": "<base64 of ${MIN_KEY_BYTES} random bytes>"} (e.g. from \`${GENERATE}\`; npm start generates ./data/dev-auth/audit-chain/<cc>.json for the local network), or set AUDIT_CHAIN_KEY.`,
  AUDIT_CHECKPOINT_INTERVAL_MS:
    'set AUDIT_CHECKPOINT_INTERVAL_MS to the checkpoint cadence in milliseconds, from 100 to 86400000 (default 300000, five minutes).',
  AUDIT_CHECKPOINT_REGISTRY_URL:
    "set AUDIT_CHECKPOINT_REGISTRY_URL to the network registry's base URL, e.g. http://127.0.0.1:4001 (or leave it unset to publish to witnesses only).",
  AUDIT_CHECKPOINT_WITNESSES:
    "set AUDIT_CHECKPOINT_WITNESSES to witness countries' national services, e.g. SE=http://127.0.0.1:4012,NO=http://127.0.0.1:4013 (never this country).",
};

function fail(key: string, message: string): never {
  throw new Error(
    describeConfigError(new z.ZodError([{ code: 'custom', path: [key], message, input: undefined }]), HINTS),
  );
}

const base64Key = z
  .string()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, { message: 'must be base64' })
  .refine((text) => Buffer.from(text, 'base64').length >= MIN_KEY_BYTES, {
    message: `must hold at least ${MIN_KEY_BYTES} random bytes`,
  });

/** The audit-chain key alone (what `audit:verify` needs), from AUDIT_CHAIN_KEY or AUDIT_CHAIN_KEY_FILE. */
export function loadAuditChainKey(country: string, environment: NodeJS.ProcessEnv = process.env): Buffer {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ['AUDIT_CHAIN_KEY', 'AUDIT_CHAIN_KEY_FILE']) {
    const value = environment[name];
    if (value !== undefined && value !== '') env[name] = value;
  }
  return chainKey(env, country);
}

/** `SE=http://…,NO=http://…` → witnesses; never `country` itself. */
export function parseWitnesses(list: string, country: string): { country: string; url: string }[] {
  const witnesses: { country: string; url: string }[] = [];
  for (const pair of list.split(',').filter((p) => p.trim() !== '')) {
    const match = /^([A-Z]{2})=(.+)$/.exec(pair.trim());
    if (!match || !httpUrl.test(match[2] as string))
      fail('AUDIT_CHECKPOINT_WITNESSES', `must list COUNTRY=URL pairs separated by commas (got "${pair}")`);
    if (match[1] === country)
      fail('AUDIT_CHECKPOINT_WITNESSES', `${country} cannot witness its own audit log`);
    witnesses.push({ country: match[1] as string, url: (match[2] as string).replace(/\/+$/, '') });
  }
  return witnesses;
}

function chainKey(env: NodeJS.ProcessEnv, country: string): Buffer {
  if (env.AUDIT_CHAIN_KEY !== undefined) {
    if (env.AUDIT_CHAIN_KEY_FILE !== undefined)
      fail('AUDIT_CHAIN_KEY_FILE', 'is set together with AUDIT_CHAIN_KEY; configure the key one way only');
    const parsed = base64Key.safeParse(env.AUDIT_CHAIN_KEY);
    if (!parsed.success) fail('AUDIT_CHAIN_KEY', parsed.error.issues[0]?.message ?? 'is not valid');
    return Buffer.from(parsed.data, 'base64');
  }
  const file = env.AUDIT_CHAIN_KEY_FILE ?? devAuditChainKeyFile(country);
  if (!existsSync(file))
    fail(
      'AUDIT_CHAIN_KEY_FILE',
      env.AUDIT_CHAIN_KEY_FILE
        ? `no file at ${file}`
        : `no audit-chain key is configured and there is no local one at ${file}`,
    );
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail('AUDIT_CHAIN_KEY_FILE', `${file} is not readable JSON (${(error as Error).message})`);
  }
  const parsed = z.object({ key: base64Key }).strict().safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail('AUDIT_CHAIN_KEY_FILE', `${file}: ${issue?.path.join('.') || 'file'} ${issue?.message}`);
  }
  return Buffer.from(parsed.data.key, 'base64');
}

const httpUrl = /^https?:\/\/[^\s,=]+$/;

/** Reads the chain key and checkpoint settings; throws naming the bad key and its fix. An empty variable is unset. */
export function loadAuditSettings(
  country: string,
  environment: NodeJS.ProcessEnv = process.env,
): AuditSettings {
  const env: NodeJS.ProcessEnv = {};
  for (const name of [
    'AUDIT_CHAIN_KEY',
    'AUDIT_CHAIN_KEY_FILE',
    'SERVICE_SIGNING_KEY_FILE',
    'SERVICE_KEYS_JWKS',
    'AUDIT_CHECKPOINT_INTERVAL_MS',
    'AUDIT_CHECKPOINT_REGISTRY_URL',
    'AUDIT_CHECKPOINT_WITNESSES',
  ]) {
    const value = environment[name];
    if (value !== undefined && value !== '') env[name] = value;
  }
  const interval = Number(env.AUDIT_CHECKPOINT_INTERVAL_MS ?? 300_000);
  if (!Number.isInteger(interval) || interval < 100 || interval > 86_400_000)
    fail(
      'AUDIT_CHECKPOINT_INTERVAL_MS',
      `must be a whole number from 100 to 86400000 (got "${env.AUDIT_CHECKPOINT_INTERVAL_MS}")`,
    );
  const registryUrl = env.AUDIT_CHECKPOINT_REGISTRY_URL ?? null;
  if (registryUrl !== null && !httpUrl.test(registryUrl))
    fail('AUDIT_CHECKPOINT_REGISTRY_URL', `must be an http(s) URL (got "${registryUrl}")`);
  const witnesses = parseWitnesses(env.AUDIT_CHECKPOINT_WITNESSES ?? '', country);
  return {
    chainKey: chainKey(env, country),
    signingKey: loadServiceSigningKey(env.SERVICE_SIGNING_KEY_FILE ?? devServiceKeyFile(country), country),
    serviceKeys: loadServicePublicKeys(env.SERVICE_KEYS_JWKS ?? devServiceJwksFile()),
    checkpointIntervalMs: interval,
    registryUrl: registryUrl?.replace(/\/+$/, '') ?? null,
    witnesses,
  };
}
