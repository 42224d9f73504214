import { NORDIC_COUNTRIES, inNetworkOrder } from '@nordic/schema';
import type { ClientTls } from '@nordic/subgraph-common';
import { GatewayErrorCode } from '../errors';
import { type Availability, AvailabilityWindow } from './availability';
import {
  type CountryCallObserver,
  CountryClient,
  type CountryEndpoints,
  CountryFailure,
} from './countryClient';

/** What `/status` reports for a country. */
export type CountryState = 'up' | 'down' | 'timing_out' | 'schema_mismatch' | 'unknown';

export interface CountryStatus {
  code: string;
  state: CountryState;
  inRouting: boolean;
  circuit: string;
  lastCheck: string | null;
  latencyMs: number | null;
  detail: string | null;
  /** The share of checks and requests it answered over the last 24 hours (this gateway process's). */
  availability24h: Availability;
}

/** Why a country cannot be asked now: the error the router reports for its part. */
export interface Refusal {
  code: GatewayErrorCode;
  message: string;
}

/**
 * The countries the gateway routes to, in the network's stable order, with their live state: request
 * outcomes and schema checks move a country between up, down, timing out and schema mismatch.
 */
export class CountryRegistry implements CountryCallObserver {
  private readonly clients = new Map<string, CountryClient>();
  private readonly status = new Map<string, Omit<CountryStatus, 'availability24h'>>();
  private readonly availability = new Map<string, AvailabilityWindow>();

  constructor(
    countries: CountryEndpoints[],
    breaker: { failureThreshold: number; resetAfterMs: number },
    tls: ClientTls | null = null,
    now: () => number = Date.now,
  ) {
    for (const endpoints of countries) {
      this.clients.set(endpoints.code, new CountryClient(endpoints, breaker, tls));
      this.availability.set(endpoints.code, new AvailabilityWindow(now));
      this.status.set(endpoints.code, {
        code: endpoints.code,
        state: 'unknown',
        inRouting: true,
        circuit: 'closed',
        lastCheck: null,
        latencyMs: null,
        detail: null,
      });
    }
  }

  /** Configured countries in network order (FI, SE, NO, DK, IS, then any others as configured). */
  get codes(): string[] {
    return inNetworkOrder(this.clients.keys());
  }

  client(code: string): CountryClient | Refusal {
    const client = this.clients.get(code);
    if (!client) {
      const directoryOnly = (NORDIC_COUNTRIES as readonly string[]).includes(code);
      return {
        code: GatewayErrorCode.COUNTRY_NOT_CONNECTED,
        message: directoryOnly
          ? `${code} is in the network directory but runs no national service, so it holds no records to ask for.`
          : `${code} is not a country connected to this network.`,
      };
    }
    const status = this.status.get(code) as Omit<CountryStatus, 'availability24h'>;
    if (!status.inRouting) {
      return {
        code: GatewayErrorCode.COUNTRY_SCHEMA_MISMATCH,
        message: `${code} is out of routing: its served schema is not compatible with the Nordic contract (${status.detail ?? 'breaking change'}).`,
      };
    }
    return client;
  }

  onSuccess(country: string, latencyMs: number): void {
    const status = this.status.get(country);
    if (!status) return;
    this.availability.get(country)?.record(true);
    if (status.state !== 'schema_mismatch') status.state = 'up';
    status.latencyMs = Math.round(latencyMs * 10) / 10;
    status.lastCheck = new Date().toISOString();
    if (status.state === 'up') status.detail = null;
  }

  onFailure(country: string, failure: CountryFailure): void {
    const status = this.status.get(country);
    if (!status) return;
    this.availability.get(country)?.record(false);
    if (status.state !== 'schema_mismatch')
      status.state = failure.code === 'COUNTRY_TIMEOUT' ? 'timing_out' : 'down';
    status.lastCheck = new Date().toISOString();
    status.detail = failure.message;
  }

  /** A schema check reached the country: it is up, and its circuit may close at once. */
  onCheckSuccess(country: string, latencyMs: number): void {
    this.clients.get(country)?.breaker.recordSuccess();
    this.onSuccess(country, latencyMs);
  }

  onCheckFailure(country: string, code: 'COUNTRY_TIMEOUT' | 'COUNTRY_UNAVAILABLE', message: string): void {
    this.onFailure(country, new CountryFailure(code, message));
  }

  /** Result of a schema check: a breaking difference takes the country out of routing until it is fixed. */
  recordSchemaCheck(country: string, compatible: boolean, detail: string | null): void {
    const status = this.status.get(country);
    if (!status) return;
    status.inRouting = compatible;
    status.lastCheck = new Date().toISOString();
    if (!compatible) {
      status.state = 'schema_mismatch';
      status.detail = detail;
    } else if (status.state === 'schema_mismatch' || status.state === 'unknown') {
      status.state = 'up';
      status.detail = null;
    }
  }

  snapshot(): CountryStatus[] {
    return this.codes.map((code) => {
      const status = this.status.get(code) as Omit<CountryStatus, 'availability24h'>;
      return {
        ...status,
        circuit: (this.clients.get(code) as CountryClient).breaker.state,
        availability24h: (this.availability.get(code) as AvailabilityWindow).availability(),
      };
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.close()));
  }
}

export { CountryFailure };
