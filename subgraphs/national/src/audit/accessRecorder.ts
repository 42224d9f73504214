import { createHash, randomBytes } from 'node:crypto';
import {
  type AccessRecord,
  type AccessRecorder,
  type CallerIdentity,
  type ConnectedCountry,
  Purpose,
  Role,
} from '@nordic/schema';
import { type IncomingCall, currentTraceId } from '@nordic/subgraph-common';
import type { DataSource } from 'typeorm';
import { type AuditEventInput, appendAuditEvents } from './auditLog';
import { runWriteTransaction } from './writeTransaction';

/** The declared purpose of a request, from the `x-purpose` header (values of the contract's Purpose). */
export function declaredPurpose(headers: IncomingCall['headers']): Purpose | null {
  const value = headers['x-purpose'];
  const text = Array.isArray(value) ? value[0] : value;
  return text && Object.prototype.hasOwnProperty.call(Purpose, text) ? (text as Purpose) : null;
}

/** The W3C trace id of the request, or a fresh one. */
function traceIdOf(headers: IncomingCall['headers']): string {
  const traceparent = headers.traceparent;
  return (
    currentTraceId(typeof traceparent === 'string' ? traceparent : null) ?? randomBytes(16).toString('hex')
  );
}

/**
 * Collects one request's accesses and writes them to this country's audit log, one event per kind of
 * access (so a fetch of 100 cases is one event naming 100 ids, not 100 events).
 */
export class RequestAuditTrail implements AccessRecorder {
  private readonly accesses: AccessRecord[] = [];
  /** One trace id for all of the request's events (and the steps it takes in other countries). */
  readonly traceId: string;

  constructor(
    private readonly country: ConnectedCountry,
    private readonly caller: CallerIdentity | null,
    private readonly call: IncomingCall,
  ) {
    this.traceId = traceIdOf(call.headers);
  }

  record(access: AccessRecord): void {
    this.accesses.push(access);
  }

  get pending(): number {
    return this.accesses.length;
  }

  /** The events to append: accesses merged by (action, type, outcome, reason), ids de-duplicated. */
  events(): AuditEventInput[] {
    const caller = this.caller;
    if (!caller || this.accesses.length === 0) return [];
    const merged = new Map<string, { access: AccessRecord; ids: Set<string>; results: number }>();
    for (const access of this.accesses) {
      const key = [access.action, access.entityType, access.outcome, access.reason ?? ''].join('|');
      const entry = merged.get(key) ?? { access, ids: new Set<string>(), results: 0 };
      for (const id of access.entityIds) entry.ids.add(id);
      entry.results += access.outcome === 'ALLOWED' ? (access.resultCount ?? access.entityIds.length) : 0;
      merged.set(key, entry);
    }
    const role = (caller.roles.find((r) => Object.prototype.hasOwnProperty.call(Role, r)) ??
      'NATIONAL_COORDINATOR') as Role;
    const queryHash = createHash('sha256')
      .update(this.call.query ?? '')
      .digest('hex');
    const traceId = this.traceId;
    const purpose = declaredPurpose(this.call.headers);
    return [...merged.values()].map(({ access, ids, results }) => ({
      actorId: caller.subject,
      actorOrg: caller.organisation ?? `${caller.country}:Organisation:unknown`,
      actorCountry: caller.country,
      role,
      action: access.action,
      entityType: access.entityType,
      entityIds: [...ids],
      purpose,
      legalBasis: null,
      servingCountry: this.country,
      crossBorder: caller.country !== this.country,
      resultCount: results,
      outcome: access.outcome,
      reason: access.reason ?? null,
      traceId,
      queryHash,
    }));
  }

  /** Appends the request's events in one transaction; throws when the log cannot be written. */
  async flush(dataSource: DataSource): Promise<void> {
    const events = this.events();
    this.accesses.length = 0;
    if (events.length === 0) return;
    await runWriteTransaction(dataSource, (manager) => appendAuditEvents(manager, events));
  }
}
