import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

const MIN_KEY_BYTES = 32;
const FIX = `set IMPORT_REFERENCE_KEY_FILE to a JSON file {"key": "<base64 of ${MIN_KEY_BYTES} or more random bytes>"} (e.g. from \`openssl rand -base64 32\`), kept outside the database and the same for every import into this store`;

/**
 * The key the source references are hashed with (IMPORT_REFERENCE_KEY_FILE). Losing it means a re-import
 * can no longer find the cases it made (they would be imported again as new cases); keep it with the
 * other keys of the national service. Throws naming the variable and the fix.
 */
export function loadReferenceKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  const file = env.IMPORT_REFERENCE_KEY_FILE;
  if (!file) throw new Error(`IMPORT_REFERENCE_KEY_FILE is not set: ${FIX}.`);
  if (!existsSync(file)) throw new Error(`IMPORT_REFERENCE_KEY_FILE: no file at ${file}; ${FIX}.`);
  let key: unknown;
  try {
    key = (JSON.parse(readFileSync(file, 'utf8')) as { key?: unknown }).key;
  } catch (error) {
    throw new Error(
      `IMPORT_REFERENCE_KEY_FILE: ${file} is not readable JSON (${(error as Error).message}); ${FIX}.`,
    );
  }
  if (
    typeof key !== 'string' ||
    !/^[A-Za-z0-9+/]+={0,2}$/.test(key) ||
    Buffer.from(key, 'base64').length < MIN_KEY_BYTES
  )
    throw new Error(
      `IMPORT_REFERENCE_KEY_FILE: ${file} has no "key" of at least ${MIN_KEY_BYTES} base64 bytes; ${FIX}.`,
    );
  return Buffer.from(key, 'base64');
}

/** HMAC-SHA-256 (hex) of a source reference, bound to the country so one key cannot link two stores' records. */
export function referenceHash(key: Buffer, country: string, sourceReference: string): string {
  return createHmac('sha256', key).update(`${country}\u0000${sourceReference}`).digest('hex');
}
