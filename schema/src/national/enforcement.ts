import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors';
import type { GlobalIdType } from '../globalId';
import type { AccessDecision, AccessRecord, NationalContext } from './context';
import { assertOwnId } from './ownership';

/**
 * The one enforcement point of person-level reads (docs/security/enforcement-point.md).
 *
 * Every object of a person-level type that a national service puts in an answer — whatever the endpoint
 * (`/graphql`, `/crossborder/graphql`), the entry (a root field, `_entities`, a nested field, a
 * mutation's result) — is produced by one of the functions below, which ask the owning country's policy
 * (role and purpose, then the record's relation to the caller), audit the outcome (DENIED, or ALLOWED
 * with the records actually disclosed and the role that granted them) and mark the object as released
 * for this request. `guardPersonLevelTypes` (subgraphs.ts) wraps every field of these types so that a
 * field of an object that was not released refuses to resolve: a new field, entry path or reference
 * resolver that forgets to call them fails closed instead of leaking.
 */
export const PERSON_LEVEL_TYPES = ['Case', 'Referral', 'CaseLink', 'MatchReview', 'AuditEvent'] as const;
export type PersonLevelType = (typeof PERSON_LEVEL_TYPES)[number];

export function isPersonLevelType(name: string): name is PersonLevelType {
  return (PERSON_LEVEL_TYPES as readonly string[]).includes(name);
}

type Refusal = Exclude<AccessDecision, { allowed: true }>;
type Grant = Extract<AccessDecision, { allowed: true }>;

/** Objects released in each request (keyed by the request's context object). */
const released = new WeakMap<object, WeakSet<object>>();

function releasedIn(context: NationalContext): WeakSet<object> {
  let set = released.get(context);
  if (!set) {
    set = new WeakSet();
    released.set(context, set);
  }
  return set;
}

/** Whether `object` was released by the enforcement point in this request. */
export function isReleased(context: NationalContext, object: unknown): boolean {
  return typeof object === 'object' && object !== null && releasedIn(context).has(object);
}

/**
 * A refusal of the owning country's policy: audited (as `action` on `entityType`), then a GraphQL error
 * with its code naming what was refused (`field`, by default the entity type).
 */
export function refuse(
  context: NationalContext,
  decision: Refusal,
  entityType: string,
  entityIds: readonly string[],
  action: AccessRecord['action'] = 'READ_UNIT',
  field: string = entityType,
): never {
  context.audit.record({ action, entityType, entityIds, outcome: 'DENIED', reason: decision.code });
  throw new GraphQLError(decision.message, { extensions: { code: decision.code, field } });
}

/** The policy's type-level decision for a person-level type: role and declared purpose. */
function typeDecision(context: NationalContext, type: PersonLevelType): AccessDecision {
  switch (type) {
    case 'MatchReview':
      return context.policy.matchReview('READ');
    case 'AuditEvent':
      return context.policy.auditLog();
    default:
      return context.policy.unitRead(type);
  }
}

/**
 * May the caller read records of `type` at all (role, purpose)? A refusal is audited, naming `ids`
 * (the records asked for, if any), and thrown; `field` names what was refused in the error.
 */
export function authorizeType(
  context: NationalContext,
  type: PersonLevelType,
  ids: readonly string[] = [],
  field: string = type,
): Grant {
  const decision = typeDecision(context, type);
  if (!decision.allowed) refuse(context, decision, type, ids, 'READ_UNIT', field);
  return decision;
}

/**
 * Audits an allowed read of `records` (the objects sent: their count is what was disclosed; `ids` the
 * records asked for, default the records' ids) and releases them, and their `references`, for this
 * request. Returns the records.
 */
export function disclose<T extends object>(
  context: NationalContext,
  type: PersonLevelType,
  grant: Grant,
  records: readonly T[],
  options: {
    ids?: readonly string[];
    references?: (record: T) => readonly (object | null | undefined)[];
    /** Audit under another type (match reviews are audited as reads of the cases they name). */
    audit?: { entityType: string; entityIds: readonly string[] };
  } = {},
): T[] {
  const set = releasedIn(context);
  for (const record of records) {
    set.add(record);
    for (const reference of options.references?.(record) ?? []) if (reference) set.add(reference);
  }
  const ids = options.ids ?? records.map((r) => String((r as { id?: unknown }).id));
  context.audit.record({
    action: 'READ_UNIT',
    entityType: options.audit?.entityType ?? type,
    entityIds: options.audit?.entityIds ?? ids,
    outcome: 'ALLOWED',
    resultCount: records.length,
    grantedBy: grant.grantedBy,
  });
  return [...records];
}

/**
 * Reads one record by id (a root field, an entity reference, a step's result read back): the id must be
 * this country's; the caller's roles and purpose must allow the type; the record, looked up through the
 * caller's scoped stores, must be within their reach — own country: their case scope; another country:
 * shared with it (`sharedWith`). A missing record and one out of reach get the same answer.
 */
export async function authorizeById<T extends object>(
  context: NationalContext,
  type: PersonLevelType & GlobalIdType,
  id: string,
  load: (id: string) => Promise<T | null>,
  sharedWith: (record: T) => readonly string[] | Promise<readonly string[]>,
  options: { references?: (record: T) => readonly (object | null | undefined)[] } = {},
): Promise<T | null> {
  assertOwnId(context, id, type);
  const grant = authorizeType(context, type, [id]);
  const record = await load(id);
  const shared = record && context.policy.foreignCountry ? await sharedWith(record) : [];
  const reach = context.policy.recordInReach(type, id, record !== null, shared);
  if (!reach.allowed) refuse(context, reach, type, [id]);
  disclose(context, type, grant, record ? [record] : [], { ids: [id], references: options.references });
  return record;
}

/**
 * Records produced as part of another record the caller may read (a case's referrals, its links, a
 * referral's case), or a listing the stores already limited to the caller's scope: the type-level
 * decision, then disclosed.
 */
export function authorizeRecords<T extends object>(
  context: NationalContext,
  type: PersonLevelType,
  records: readonly T[],
  options: {
    field?: string;
    references?: (record: T) => readonly (object | null | undefined)[];
    audit?: { entityType: string; entityIds: readonly string[] };
  } = {},
): T[] {
  const grant = authorizeType(context, type, [], options.field ?? type);
  return disclose(context, type, grant, records, options);
}

/**
 * A reference to a record (an id, resolved by the country that owns the record through its own
 * enforcement point): released as part of its parent, which the caller may read. Not an access of its
 * own — the owner audits the read of the record's fields.
 */
export function reference<T extends object>(context: NationalContext, ref: T): T {
  releasedIn(context).add(ref);
  return ref;
}

/** Releases the result of a write the caller was allowed to make (audited by the step itself). */
export function releaseWritten<T extends object>(context: NationalContext, result: T): T {
  releasedIn(context).add(result);
  return result;
}

/**
 * The fail-closed net under the enforcement point: a field of a person-level object that was not
 * released is refused (FORBIDDEN, audited as DENIED) — a programming error, reported on stderr.
 */
export function refuseUnreleased(
  context: NationalContext,
  typeName: string,
  fieldName: string,
  source: unknown,
): never {
  const id = (source as { id?: unknown } | null)?.id;
  console.error(
    `enforcement point: ${typeName}.${fieldName} of an object that did not pass the access check was refused`,
  );
  return refuse(
    context,
    {
      allowed: false,
      code: ErrorCode.FORBIDDEN,
      message: `${typeName}: this record was not released by ${context.country}'s access policy, so none of its fields are answered.`,
    },
    typeName,
    typeof id === 'string' ? [id] : [],
    'READ_UNIT',
    `${typeName}.${fieldName}`,
  );
}
