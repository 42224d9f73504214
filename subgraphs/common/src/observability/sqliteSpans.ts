import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { tracingEnabled } from './tracingState';

interface SqliteStatement {
  all(...parameters: unknown[]): unknown;
  run(...parameters: unknown[]): unknown;
}

interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
}

const tracer = trace.getTracer('nordic-sqlite');

/** The statement's first keyword (SELECT, INSERT, …): never its text, which could hold literals. */
function operationOf(sql: string): string {
  return /^\s*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase() ?? 'SQL';
}

/**
 * A span around every statement a better-sqlite3 database runs (`all`, `run`). There is no maintained
 * OpenTelemetry instrumentation for better-sqlite3, so this small wrapper of `prepare` stands in for one;
 * it records the operation only (db.system.name=sqlite, db.operation.name), not the SQL or its parameters.
 * Statements outside a traced request get no span. Call it once on a fresh connection; it does nothing while no tracer provider is registered (tracing off).
 */
export function traceSqliteStatements(database: SqliteDatabase): void {
  if (!tracingEnabled()) return;
  const prepare = database.prepare.bind(database);
  database.prepare = (sql: string) => {
    const statement = prepare(sql);
    const operation = operationOf(sql);
    for (const method of ['all', 'run'] as const) {
      const original = statement[method].bind(statement);
      statement[method] = (...parameters: unknown[]) =>
        // Only within a traced request: start-up migrations and seeding would bury the traces in SQL.
        trace.getActiveSpan() === undefined
          ? original(...parameters)
          : tracer.startActiveSpan(
              operation,
              {
                kind: SpanKind.CLIENT,
                attributes: { 'db.system.name': 'sqlite', 'db.operation.name': operation },
              },
              (span) => {
                try {
                  return original(...parameters);
                } catch (error) {
                  span.setStatus({ code: SpanStatusCode.ERROR });
                  throw error;
                } finally {
                  span.end();
                }
              },
            );
    }
    return statement;
  };
}
