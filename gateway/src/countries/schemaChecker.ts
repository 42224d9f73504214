import type { GraphQLSchema } from 'graphql';
import type { ClientTls } from '@nordic/subgraph-common';
import { type Agent, fetch } from 'undici';
import { type CountryEndpoints, countryAgent } from './countryClient';
import type { CountryRegistry } from './countryRegistry';
import { asSubgraphSchema, checkCompatibility } from '@nordic/schema';

export interface SchemaCheckerOptions {
  countries: CountryEndpoints[];
  contractSdl: { national: string; crossborder: string };
  intervalMs: number;
  /** The gateway's client certificate for countries that require one (mutual TLS). */
  tls?: ClientTls | null;
}

async function servedSdl(url: string, timeoutMs: number, dispatcher: Agent): Promise<string> {
  const response = await fetch(url, {
    dispatcher,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await response.json()) as { data?: { _service?: { sdl?: string } } };
  const sdl = body.data?._service?.sdl;
  if (!sdl) throw new Error(`HTTP ${response.status} without _service.sdl`);
  return sdl;
}

/**
 * Every interval, asks each country for the SDL it serves on both endpoints and compares it with the
 * contract. A breaking difference takes the country out of routing (COUNTRY_SCHEMA_MISMATCH); a later
 * compatible answer puts it back, without a restart. A country that does not answer is marked down.
 */
export class SchemaChecker {
  private timer: NodeJS.Timeout | null = null;
  private readonly contract: { national: GraphQLSchema; crossborder: GraphQLSchema };
  private readonly agent: Agent;

  constructor(
    private readonly options: SchemaCheckerOptions,
    private readonly registry: CountryRegistry,
  ) {
    this.agent = countryAgent(options.tls ?? null);
    this.contract = {
      national: asSubgraphSchema(options.contractSdl.national),
      crossborder: asSubgraphSchema(options.contractSdl.crossborder),
    };
  }

  async checkCountry(country: CountryEndpoints): Promise<void> {
    const started = performance.now();
    let served: { national: string; crossborder: string };
    try {
      const [national, crossborder] = await Promise.all([
        servedSdl(country.national, country.timeoutMs, this.agent),
        servedSdl(country.crossborder, country.timeoutMs, this.agent),
      ]);
      served = { national, crossborder };
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      this.registry.onCheckFailure(
        country.code,
        timedOut ? 'COUNTRY_TIMEOUT' : 'COUNTRY_UNAVAILABLE',
        timedOut
          ? `${country.code} did not answer the schema check within ${country.timeoutMs} ms.`
          : `${country.code} is unavailable: ${(error as Error).message}.`,
      );
      return;
    }
    const [national, crossborder] = await Promise.all([
      checkCompatibility(this.contract.national, served.national),
      checkCompatibility(this.contract.crossborder, served.crossborder),
    ]);
    const breaking = [
      ...national.breaking.map((m) => `national: ${m}`),
      ...crossborder.breaking.map((m) => `crossborder: ${m}`),
    ];
    this.registry.recordSchemaCheck(
      country.code,
      breaking.length === 0,
      breaking.slice(0, 5).join('; ') || null,
    );
    this.registry.onCheckSuccess(country.code, performance.now() - started);
  }

  checkAll(): Promise<void> {
    return Promise.all(this.options.countries.map((c) => this.checkCountry(c))).then(() => undefined);
  }

  start(): void {
    this.timer = setInterval(() => void this.checkAll(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.agent.close().catch(() => {});
  }
}
