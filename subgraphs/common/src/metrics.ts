import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';

/** Operation names come from clients: only well-formed ones become label values, and only so many. */
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_OPERATION_NAMES = 200;

/**
 * One service's Prometheus metrics (prom-client): the process's default metrics, GraphQL request
 * duration by endpoint, operation and HTTP status, and errors by `extensions.code`. Served at
 * `/metrics`; no label ever carries an id, an argument or a payload.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly requestDuration: Histogram<'endpoint' | 'operation' | 'status'>;
  readonly errors: Counter<'endpoint' | 'code'>;
  private readonly operations = new Set<string>();

  constructor(service: string, labels: Record<string, string> = {}) {
    this.registry.setDefaultLabels({ service, ...labels });
    collectDefaultMetrics({ register: this.registry });
    this.requestDuration = new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'GraphQL requests by endpoint, operation name and HTTP status.',
      labelNames: ['endpoint', 'operation', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.errors = new Counter({
      name: 'graphql_errors_total',
      help: 'GraphQL errors by endpoint and extensions.code.',
      labelNames: ['endpoint', 'code'],
      registers: [this.registry],
    });
  }

  /** A bounded label for a client-chosen operation name. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (!this.operations.has(name)) {
      if (this.operations.size >= MAX_OPERATION_NAMES) return 'other';
      this.operations.add(name);
    }
    return name;
  }

  /** Apollo Server plugin that times every request of `endpoint` and counts its errors by code. */
  plugin<C extends BaseContext>(endpoint: string): ApolloServerPlugin<C> {
    return {
      requestDidStart: async () => {
        const started = process.hrtime.bigint();
        return {
          didEncounterErrors: async ({ errors }) => {
            for (const error of errors) {
              this.errors.inc({ endpoint, code: String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
            }
          },
          willSendResponse: async ({ response, request }) => {
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            this.requestDuration.observe(
              {
                endpoint,
                operation: this.operationLabel(request.operationName),
                status: String(response.http.status ?? 200),
              },
              seconds,
            );
          },
        };
      },
    };
  }

  /** The `/metrics` route (Prometheus text format). */
  handler(): RequestHandler {
    return (_req, res, next) => {
      this.registry.metrics().then((text) => {
        res.type(this.registry.contentType).send(text);
      }, next);
    };
  }
}

/**
 * Connections of a store's pool, read at scrape time: `total`, `idle` and `waiting` (clients queued for
 * a connection) for PostgreSQL's pool; SQLite has one connection.
 */
export function observeDatabasePool(metrics: ServiceMetrics, dataSource: DataSource): void {
  new Gauge({
    name: 'database_pool_connections',
    help: "Connections of the store's pool by state.",
    labelNames: ['state'],
    registers: [metrics.registry],
    collect() {
      const pool = (
        dataSource.driver as { master?: { totalCount: number; idleCount: number; waitingCount: number } }
      ).master;
      if (pool && typeof pool.totalCount === 'number') {
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      } else {
        this.set({ state: 'total' }, dataSource.isInitialized ? 1 : 0);
      }
    },
  });
}
