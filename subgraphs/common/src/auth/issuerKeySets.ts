import { existsSync, readFileSync, statSync } from 'node:fs';
import {
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
} from 'jose';
import { invalidAuthConfig } from './authSettings';

/** How often a JWKS file is checked for changes (key rotation) — not on every request. */
const JWKS_FILE_CHECK_MS = 10_000;

/** One trusted issuer's own key set, from its JWKS file or URL. */
interface IssuerKeySet {
  issuer: string;
  /** The file path or URL, as AUTH_ISSUER_JWKS gives it. */
  location: string;
  getKey: JWTVerifyGetKey;
  /** The key ids of the set as last loaded (undefined before a remote set is first fetched). */
  kids(): string[] | undefined;
  /** Loads the set now (the start-up check). */
  load(): Promise<void>;
  /** Re-reads the set if it is due (a file: changed since the last read, checked every 10 s); false if it cannot be read. */
  refresh(): boolean;
}

/** The token's issuer's key set could not be read or fetched: nothing to verify the signature with. */
export class KeySetUnavailable extends Error {}

/** Two issuers' sets share a key id: this service verifies neither issuer's tokens until it is fixed. */
export class KeySetConflict extends Error {}

function kidsOf(jwks: JSONWebKeySet | undefined): string[] | undefined {
  return jwks?.keys.map((k) => k.kid).filter((kid): kid is string => typeof kid === 'string');
}

function assertJwksFile(issuer: string, path: string): void {
  if (!existsSync(path)) {
    throw invalidAuthConfig(
      'AUTH_ISSUER_JWKS',
      `no JWKS at ${path}, the key set of ${issuer}; point it at the issuer's JWKS file or https URL (for the local network run \`npm start\` or \`npm run token\` once to generate keys)`,
    );
  }
}

function readJwks(issuer: string, path: string): JSONWebKeySet {
  let jwks: unknown;
  try {
    jwks = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw invalidAuthConfig(
      'AUTH_ISSUER_JWKS',
      `${path}, the key set of ${issuer}, is not JSON; it must be a JWKS ({"keys": [...]})`,
    );
  }
  if (!jwks || typeof jwks !== 'object' || !Array.isArray((jwks as JSONWebKeySet).keys)) {
    throw invalidAuthConfig(
      'AUTH_ISSUER_JWKS',
      `${path}, the key set of ${issuer}, is not a JWKS ({"keys": [...]})`,
    );
  }
  return jwks as JSONWebKeySet;
}

/** A key set read from a JWKS file, re-read when the file changes (key rotation without restart). */
function fileKeySet(issuer: string, path: string): IssuerKeySet {
  let loadedMtime = -1;
  let checkedAt = 0;
  let jwks: JSONWebKeySet | undefined;
  let keySet: JWTVerifyGetKey | null = null;
  const load = (): JWTVerifyGetKey => {
    const now = Date.now();
    if (keySet && now - checkedAt < JWKS_FILE_CHECK_MS) return keySet;
    checkedAt = now;
    assertJwksFile(issuer, path);
    const mtime = statSync(path).mtimeMs;
    if (!keySet || mtime !== loadedMtime) {
      const read = readJwks(issuer, path);
      try {
        keySet = createLocalJWKSet(read);
      } catch (error) {
        throw invalidAuthConfig(
          'AUTH_ISSUER_JWKS',
          `${path}, the key set of ${issuer}, is not a valid JWKS (${(error as Error).message})`,
        );
      }
      jwks = read;
      loadedMtime = mtime;
    }
    return keySet;
  };
  load(); // at start: a missing or malformed file stops the service, naming the issuer
  return {
    issuer,
    location: path,
    getKey: (header, token) => {
      let current: JWTVerifyGetKey;
      try {
        current = load();
      } catch {
        throw new KeySetUnavailable(issuer);
      }
      return current(header, token);
    },
    kids: () => kidsOf(jwks),
    load: async () => void load(),
    refresh: () => {
      try {
        load();
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** Errors of a key set lookup that say something about the token, not about the key set's source. */
const TOKEN_KEY_ERRORS = [
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
  errors.JOSEAlgNotAllowed,
  errors.JOSENotSupported,
];

/** A key set fetched from a URL (an issuer's `jwks_uri`), cached and refreshed by jose. */
function remoteKeySet(issuer: string, url: string): IssuerKeySet {
  const remote = createRemoteJWKSet(new URL(url), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 });
  return {
    issuer,
    location: url,
    getKey: async (header, token) => {
      try {
        return await remote(header, token);
      } catch (error) {
        if (TOKEN_KEY_ERRORS.some((type) => error instanceof type)) throw error;
        throw new KeySetUnavailable(issuer);
      }
    },
    kids: () => kidsOf(remote.jwks()),
    load: () => remote.reload(),
    // jose refreshes a fetched set when a lookup needs it; a reused verification never looks up.
    refresh: () => remote.jwks() !== undefined,
  };
}

/**
 * Each trusted issuer's own key set (AUTH_ISSUER_JWKS): a token is verified only with the keys of the
 * issuer it names, and no key id may be in two issuers' sets — at start (a configuration error) or after
 * a rotation (both issuers' tokens are refused until it is fixed).
 */
export class IssuerKeySets {
  private readonly sets = new Map<string, IssuerKeySet>();

  /** Reads every file set now; throws AuthConfigError on a missing or malformed file or a shared key id. */
  constructor(locations: Map<string, string>) {
    for (const [issuer, location] of locations) {
      const keySet = /^https?:\/\//.test(location)
        ? remoteKeySet(issuer, location)
        : fileKeySet(issuer, location);
      this.sets.set(issuer, keySet);
    }
    const conflict = this.firstConflict();
    if (conflict) throw invalidAuthConfig('AUTH_ISSUER_JWKS', conflict);
  }

  /**
   * Fetches every URL set once and throws AuthConfigError on a key id in two issuers' sets. An issuer
   * whose set cannot be fetched now is only warned about: its tokens are refused until it answers, and
   * one country's identity provider being down does not stop the others' access.
   */
  async fetchAll(): Promise<void> {
    await Promise.all(
      [...this.sets.values()].map((keySet) =>
        keySet.load().catch((error: unknown) => {
          process.emitWarning(
            `the key set of ${keySet.issuer} (${keySet.location}) could not be fetched at start (${error instanceof Error ? error.message : String(error)}); its tokens are refused until it can be.`,
          );
        }),
      ),
    );
    const conflict = this.firstConflict();
    if (conflict) throw invalidAuthConfig('AUTH_ISSUER_JWKS', conflict);
  }

  /**
   * The key lookup of a trusted issuer (undefined for any other), refusing with KeySetConflict while the
   * issuer's set shares a key id with another issuer's.
   */
  keysOf(issuer: string): JWTVerifyGetKey | undefined {
    const keySet = this.sets.get(issuer);
    if (!keySet) return undefined;
    return async (header, token) => {
      const key = await keySet.getKey(header, token);
      const conflict = this.firstConflict(issuer);
      if (conflict) throw new KeySetConflict(conflict);
      return key;
    };
  }

  /**
   * Whether `issuer`'s set (re-read if due) still publishes key `kid` and shares no key id with another
   * issuer's: the condition for reusing an earlier verification made with that key.
   */
  holdsKey(issuer: string, kid: string): boolean {
    const keySet = this.sets.get(issuer);
    if (!keySet || !keySet.refresh()) return false;
    if (!(keySet.kids() ?? []).includes(kid)) return false;
    return this.firstConflict(issuer) === null;
  }

  /** A key id present in two issuers' sets as last loaded (`only`: a conflict involving that issuer). */
  private firstConflict(only?: string): string | null {
    const owner = new Map<string, IssuerKeySet>();
    for (const keySet of this.sets.values()) {
      for (const kid of keySet.kids() ?? []) {
        const other = owner.get(kid);
        if (other && other !== keySet && (!only || only === other.issuer || only === keySet.issuer)) {
          return `key id "${kid}" is in the key sets of both ${other.issuer} (${other.location}) and ${keySet.issuer} (${keySet.location}); each issuer must sign with keys of its own, with distinct key ids`;
        }
        owner.set(kid, keySet);
      }
    }
    return null;
  }
}
