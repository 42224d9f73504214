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

const isRole = (r: string): r is Role => Object.prototype.hasOwnProperty.call(Role, r);

/** The caller's roles the contract knows, in the token's order, without repeats. */
function knownRoles(roles: readonly string[]): Role[] {
  return [...new Set(roles.filter(isRole))];
}

/**
 * `text` as a column of `max` characters holds it: unchanged when it fits, else its start followed by
 * `~` and 16 hex digits of its SHA-256 — distinct texts stay distinct, and the stored value never
 * depends on the client's text being short.
 */
export function fit(text: string, max: number): string {
  const value = text.length > 0 ? text : '(empty)';
  if (value.length <= max) return value;
  return `${value.slice(0, max - 17)}~${createHash('sha256').update(value).digest('hex').slice(0, 16)}`;
}

/** An entity id as the log stores it: no comma (the list separator), at most 128 characters. */
function entityIdOf(id: string): string {
  return fit(String(id).replace(/,/g, '%2C'), 128);
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

  /**
   * The events to append: accesses merged by (action, type, outcome, reason, granting role), ids
   * de-duplicated, every text normalised to what its column holds (see `fit`): no client input can make
   * the write fail.
   */
  events(): AuditEventInput[] {
    const caller = this.caller;
    if (!caller || this.accesses.length === 0) return [];
    const roles = knownRoles(caller.roles);
    const firstRole = roles[0] ?? 'NATIONAL_COORDINATOR';
    const merged = new Map<string, { access: AccessRecord; role: Role; ids: Set<string>; results: number }>();
    for (const access of this.accesses) {
      const role =
        access.outcome === 'ALLOWED' && access.grantedBy && isRole(access.grantedBy)
          ? access.grantedBy
          : firstRole;
      const entityType = fit(access.entityType, 32);
      const changed = access.changedFields?.join(',') ?? '';
      const key = [access.action, entityType, access.outcome, access.reason ?? '', role, changed].join('|');
      const entry = merged.get(key) ?? { access, role, ids: new Set<string>(), results: 0 };
      for (const id of access.entityIds) entry.ids.add(entityIdOf(id));
      entry.results += access.outcome === 'ALLOWED' ? (access.resultCount ?? access.entityIds.length) : 0;
      merged.set(key, entry);
    }
    const queryHash = createHash('sha256')
      .update(this.call.query ?? '')
      .digest('hex');
    const traceId = this.traceId;
    const purpose = declaredPurpose(this.call.headers);
    return [...merged.values()].map(({ access, role, ids, results }) => ({
      actorId: fit(caller.subject || '(none)', 128),
      actorOrg: fit(caller.organisation || `${caller.country}:Organisation:unknown`, 96),
      actorCountry: caller.country,
      role,
      roles: roles.length > 0 ? roles : [firstRole],
      action: access.action,
      entityType: fit(access.entityType, 32),
      entityIds: [...ids],
      purpose,
      legalBasis: null,
      servingCountry: this.country,
      crossBorder: caller.country !== this.country,
      resultCount: Math.min(results, 2_147_483_647),
      outcome: access.outcome,
      reason: access.reason ? fit(access.reason, 120) : null,
      changedFields: access.changedFields ?? null,
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
