import { createHash } from 'node:crypto';
import type { Principal } from './principal';

/** A token this service has verified, as long as it may be taken without verifying it again. */
interface VerifiedToken {
  principal: Principal;
  /** The key id that verified its signature: the hit is refused once the issuer no longer publishes it. */
  kid: string;
  /** When the hit stops being good (ms since the epoch): the token's `exp`, or sooner (`maxAgeMs`). */
  until: number;
}

export interface VerifiedTokensOptions {
  /** How many tokens are kept at most; the oldest is dropped first. */
  maxEntries: number;
  /**
   * How long a verification is reused at most, even if the token lives longer: bounds how long a key
   * that its issuer withdrew in an unusual way (not through the key set this service reads) could still
   * be trusted. Key sets that drop a key end the reuse at once (see `BearerVerifier`).
   */
  maxAgeMs: number;
}

/** The default: 10 000 tokens (a few MiB), each reused for at most 60 s before it is verified again. */
export const VERIFIED_TOKENS_DEFAULTS: VerifiedTokensOptions = { maxEntries: 10_000, maxAgeMs: 60_000 };

/**
 * Verified bearer tokens by the SHA-256 of the token: a repeated token skips the signature check
 * (ES256 verification is the largest cost of an authenticated request) until the token expires — at
 * `exp` exactly, without the clock tolerance — or `maxAgeMs` has passed. A token with any byte changed
 * (edited claims, another signature) has another hash and is verified anew; the token itself is not
 * kept. Bounded: at `maxEntries` the oldest entry is dropped.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, VerifiedToken>();
  /** Verifications reused (counted by the verifier, which may still refuse an entry). */
  hits = 0;

  constructor(
    private readonly options: VerifiedTokensOptions = VERIFIED_TOKENS_DEFAULTS,
    private readonly now: () => number = () => Date.now(),
  ) {}

  static keyOf(token: string): string {
    return createHash('sha256').update(token).digest('base64url');
  }

  /** The verified token under `key`, if it is still good now; an expired entry is dropped. */
  get(key: string): { principal: Principal; kid: string } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() >= entry.until) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Keeps a token just verified; `expSeconds` is its `exp` claim. */
  set(key: string, principal: Principal, kid: string, expSeconds: number): void {
    const until = Math.min(expSeconds * 1000, this.now() + this.options.maxAgeMs);
    if (!(until > this.now())) return;
    this.entries.delete(key);
    this.entries.set(key, { principal, kid, until });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** Forgets `key` (its key was withdrawn). */
  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
