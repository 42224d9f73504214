/**
 * Every person-level read is in the country's audit log, allowed or refused, and an auditor of the
 * country can read it back through the contract's `auditEvents` query.
 */
import { type Check, type Target, dataOf, fail, pass } from './check';
import { PERSON_PURPOSE, oneCaseId, subjectOf, tokenOf } from './fixtures';

interface AuditEvent {
  actorId: string;
  action: string;
  entityType: string;
  entityIds: string[];
  outcome: string;
  purpose: string | null;
  servingCountry: string;
}

/** This run's events about `entityId` by the subject of `label`, newest first. */
export async function eventsOf(target: Target, entityId: string, label: string): Promise<AuditEvent[]> {
  const answer = await target.client.post<{ auditEvents: { nodes: AuditEvent[] } }>(
    target.nationalUrl,
    `query($id: ID!) { auditEvents(country: ${target.country}, entityId: $id, first: 100) { nodes { actorId action entityType entityIds outcome purpose servingCountry } } }`,
    { token: await tokenOf(target, 'AUDITOR', 'audit-reader'), purpose: null, variables: { id: entityId } },
  );
  const subject = subjectOf(target, label);
  return dataOf(answer, 'auditEvents read by an auditor').auditEvents.nodes.filter(
    (e) => e.actorId === subject,
  );
}

function describe(events: AuditEvent[]): string {
  return events.length === 0
    ? 'no event of this run names it'
    : events.map((e) => `${e.action} ${e.outcome} ${e.entityType} [${e.entityIds.join(', ')}]`).join('; ');
}

export function expectEvent(
  target: Target,
  events: AuditEvent[],
  entityId: string,
  outcome: 'ALLOWED' | 'DENIED',
  purpose: string | null,
  action = 'READ_UNIT',
) {
  const found = events.find(
    (e) =>
      e.action === action &&
      e.outcome === outcome &&
      e.entityIds.includes(entityId) &&
      e.servingCountry === target.country &&
      (purpose === null || e.purpose === purpose),
  );
  return found
    ? pass(
        `${found.action} ${found.outcome} ${found.entityType} [${found.entityIds.join(', ')}] purpose ${found.purpose}`,
      )
    : fail(`expected a ${action} ${outcome} event naming ${entityId}; the log has: ${describe(events)}`);
}

const readByIdAudited: Check = {
  area: 'audit',
  name: 'a case read by id is in the audit log (READ_UNIT, ALLOWED, with its purpose)',
  async run(target) {
    const id = await oneCaseId(target);
    const answer = await target.client.post(target.nationalUrl, `{ case(id: "${id}") { id } }`, {
      token: await tokenOf(target, 'NATIONAL_COORDINATOR', 'audit-by-id'),
      purpose: PERSON_PURPOSE,
    });
    dataOf(answer, `case(id: "${id}")`);
    return expectEvent(target, await eventsOf(target, id, 'audit-by-id'), id, 'ALLOWED', PERSON_PURPOSE);
  },
};

const listingAudited: Check = {
  area: 'audit',
  name: 'each case of a listing is in the audit log',
  async run(target) {
    const answer = await target.client.post<{ cases: { nodes: { id: string }[] }[] }>(
      target.nationalUrl,
      '{ cases(first: 3) { nodes { id } } }',
      { token: await tokenOf(target, 'NATIONAL_COORDINATOR', 'audit-listing'), purpose: PERSON_PURPOSE },
    );
    const ids = dataOf(answer, 'a case listing').cases.flatMap((p) => p.nodes.map((n) => n.id));
    if (ids.length === 0) return pass('the listing was empty: nothing to audit');
    for (const id of ids) {
      const result = expectEvent(
        target,
        await eventsOf(target, id, 'audit-listing'),
        id,
        'ALLOWED',
        PERSON_PURPOSE,
      );
      if (result.status !== 'pass') return result;
    }
    return pass(`all ${ids.length} listed cases audited (${ids.join(', ')})`);
  },
};

const refusalAudited: Check = {
  area: 'audit',
  name: 'a refused read is in the audit log (READ_UNIT, DENIED)',
  async run(target) {
    const id = await oneCaseId(target);
    await target.client.post(target.nationalUrl, `{ case(id: "${id}") { id } }`, {
      token: await tokenOf(target, 'ANALYST', 'audit-denied'),
      purpose: PERSON_PURPOSE,
    });
    return expectEvent(target, await eventsOf(target, id, 'audit-denied'), id, 'DENIED', null);
  },
};

const entityReadAudited: Check = {
  area: 'audit',
  name: 'a case read as an entity representation (crossborder) is in the audit log',
  async run(target) {
    const id = await oneCaseId(target);
    const answer = await target.client.post(
      target.crossborderUrl,
      `{ _entities(representations: [{ __typename: "Case", id: "${id}", country: ${target.country} }]) { ... on Case { id links { id } } } }`,
      { token: await tokenOf(target, 'NATIONAL_COORDINATOR', 'audit-entity'), purpose: PERSON_PURPOSE },
    );
    dataOf(answer, `the crossborder representation of ${id}`);
    return expectEvent(target, await eventsOf(target, id, 'audit-entity'), id, 'ALLOWED', PERSON_PURPOSE);
  },
};

export const auditChecks: Check[] = [readByIdAudited, listingAudited, refusalAudited, entityReadAudited];
