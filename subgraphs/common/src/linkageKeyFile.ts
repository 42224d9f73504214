import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEV_AUTH_DIR } from './auth/authSettings';

/**
 * The network's record-linkage key as a file: `{"version": 1, "key": "<base64 of 32 random bytes>"}`.
 * The local network keeps one in ./data/dev-auth (ignored by git), shared by its five countries: match
 * tokens only meet when every country computes them with the same key and version.
 */
export const DEV_LINKAGE_KEY_FILE = join(DEV_AUTH_DIR, 'linkage-key.json');

/** Writes a fresh random key of `version` to `file` (owner-only permissions) and returns the path. */
export function writeLinkageKeyFile(file: string, version: number): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ version, key: randomBytes(32).toString('base64') }, null, 2));
  chmodSync(file, 0o600);
  return file;
}

/** The local network's linkage key, generated on first use (before the countries start, so all share it). */
export function ensureDevLinkageKey(file: string = DEV_LINKAGE_KEY_FILE): string {
  return existsSync(file) ? file : writeLinkageKeyFile(file, 1);
}
