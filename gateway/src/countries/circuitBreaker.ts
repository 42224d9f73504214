export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit fails fast before one trial request is let through. */
  resetAfterMs: number;
  now?: () => number;
}

/**
 * A per-country circuit breaker: after `failureThreshold` consecutive failures the country is not
 * called for `resetAfterMs` (its part fails fast as COUNTRY_UNAVAILABLE), then one trial request
 * decides whether it is back.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  state: CircuitState = 'closed';

  constructor(private readonly options: CircuitBreakerOptions) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Whether a request may be sent now. In half-open state only one trial at a time. */
  allowRequest(): boolean {
    if (this.state === 'open' && this.now() - this.openedAt >= this.options.resetAfterMs) {
      this.state = 'half-open';
      this.trialInFlight = false;
    }
    if (this.state === 'closed') return true;
    if (this.state === 'half-open' && !this.trialInFlight) {
      this.trialInFlight = true;
      return true;
    }
    return false;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.trialInFlight = false;
    this.state = 'closed';
  }

  /**
   * A request that ended without saying anything about the country (the client's time budget ran out
   * first): not a failure, not a success; a half-open circuit lets the next trial through.
   */
  recordInconclusive(): void {
    this.trialInFlight = false;
  }

  recordFailure(): void {
    this.failures += 1;
    this.trialInFlight = false;
    if (this.state === 'half-open' || this.failures >= this.options.failureThreshold) {
      this.state = 'open';
      this.openedAt = this.now();
    }
  }
}
