import { existsSync, readFileSync } from 'node:fs';
import { DEV_LINKAGE_KEY_FILE, describeConfigError } from '@nordic/subgraph-common';
import { z } from 'zod';
import type { LinkageKey } from './matchTokens';

const MIN_KEY_BYTES = 32;

const base64Key = z
  .string()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, { message: 'must be base64' })
  .refine((text) => Buffer.from(text, 'base64').length >= MIN_KEY_BYTES, {
    message: `must hold at least ${MIN_KEY_BYTES} random bytes`,
  });
const keyVersion = z.coerce
  .number({ message: 'must be a whole number from 1' })
  .int({ message: 'must be a whole number from 1' })
  .min(1, { message: 'must be a whole number from 1' });

const fromEnvironment = z.object({ LINKAGE_KEY: base64Key, LINKAGE_KEY_VERSION: keyVersion });
const fromFile = z.object({ version: keyVersion, key: base64Key }).strict();

const GENERATE = 'openssl rand -base64 32';
const HINTS: Record<string, string> = {
  LINKAGE_KEY: `set LINKAGE_KEY to the network's linkage key, base64 of ${MIN_KEY_BYTES} or more random bytes (e.g. \`${GENERATE}\`), the same in every country.`,
  LINKAGE_KEY_VERSION:
    "set LINKAGE_KEY_VERSION to the key's version (1, 2, …), the same in every country; a new version recomputes the match tokens at start.",
  LINKAGE_KEY_FILE:
    'set LINKAGE_KEY_FILE to a JSON file {"version": 1, "key": "<base64>"} (npm start generates ./data/dev-auth/linkage-key.json for the local network), or set LINKAGE_KEY and LINKAGE_KEY_VERSION instead.',
  'LINKAGE_KEY_FILE.version': 'give the file a "version": 1, 2, … (the same in every country).',
  'LINKAGE_KEY_FILE.key': `give the file a "key": base64 of ${MIN_KEY_BYTES} or more random bytes (e.g. \`${GENERATE}\`).`,
};

function fail(path: string, message: string): never {
  throw new Error(
    describeConfigError(new z.ZodError([{ code: 'custom', path: [path], message, input: undefined }]), HINTS),
  );
}

function check<T>(schema: z.ZodType<T>, raw: unknown, prefix: string | null): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    ...issue,
    path: prefix ? [`${prefix}.${issue.path.join('.')}`] : issue.path,
  }));
  throw new Error(describeConfigError(new z.ZodError(issues), HINTS));
}

/**
 * The network's linkage key for match tokens, from `LINKAGE_KEY` + `LINKAGE_KEY_VERSION`, or from the
 * JSON file `LINKAGE_KEY_FILE` (default ./data/dev-auth/linkage-key.json, the local network's). A key
 * is a secret: it is never logged, and only its version is stored next to the tokens.
 */
export function loadLinkageKey(env: NodeJS.ProcessEnv = process.env): LinkageKey {
  if (env.LINKAGE_KEY !== undefined || env.LINKAGE_KEY_VERSION !== undefined) {
    if (env.LINKAGE_KEY_FILE !== undefined) {
      fail('LINKAGE_KEY_FILE', 'is set together with LINKAGE_KEY; configure the key one way only');
    }
    const parsed = check(fromEnvironment, env, null);
    return { version: parsed.LINKAGE_KEY_VERSION, secret: Buffer.from(parsed.LINKAGE_KEY, 'base64') };
  }
  const file = env.LINKAGE_KEY_FILE ?? DEV_LINKAGE_KEY_FILE;
  if (!existsSync(file)) {
    fail(
      'LINKAGE_KEY_FILE',
      env.LINKAGE_KEY_FILE ? `no file at ${file}` : 'no linkage key is configured and there is no local one',
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail('LINKAGE_KEY_FILE', `${file} is not readable JSON (${(error as Error).message})`);
  }
  const parsed = check(fromFile, raw, 'LINKAGE_KEY_FILE');
  return { version: parsed.version, secret: Buffer.from(parsed.key, 'base64') };
}
