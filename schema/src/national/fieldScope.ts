import { GraphQLError } from 'graphql';
import type { ResolverData } from 'type-graphql';
import type { NationalContext } from './context';

/**
 * Field scopes: the contract marks, with type-graphql's `@Authorized(scope)`, the fields that are
 * narrower than their type. The owning country's policy decides what each scope means for the caller
 * (`AccessPolicy.field`); `fieldScopeChecker` is the single auth checker of the partitioned subgraphs.
 *
 * - `DOMESTIC`: never shown to a caller from another country, even one that may read the record —
 *   a foreign coordinator sees a shared case as its cross-border summary (the fields a referral
 *   payload and a linked-case timeline need), nothing else.
 * - `OWN_POLICE`: police information, for the owning country's police liaisons only.
 */
export const FieldScope = {
  DOMESTIC: 'DOMESTIC',
  OWN_POLICE: 'OWN_POLICE',
} as const;
export type FieldScope = (typeof FieldScope)[keyof typeof FieldScope];

/**
 * Asks the owning country's policy; a refusal is audited and names the field (`Type.field`).
 * An arrow function on purpose: type-graphql instantiates a checker that has a prototype as a class.
 */
export const fieldScopeChecker = (
  { root, context, info }: ResolverData<NationalContext>,
  scopes: FieldScope[],
): boolean => {
  const field = `${info.parentType.name}.${info.fieldName}`;
  const decision = context.policy.field(field, scopes);
  if (decision.allowed) return true;
  const id = (root as { id?: unknown } | null)?.id;
  context.audit.record({
    action: 'READ_UNIT',
    entityType: field,
    entityIds: typeof id === 'string' ? [id] : [],
    outcome: 'DENIED',
    reason: decision.code,
  });
  throw new GraphQLError(decision.message, { extensions: { code: decision.code, field } });
};
