import { GraphQLError } from 'graphql';
import type { ResolverData } from 'type-graphql';
import type { NationalContext } from './context';
import type { FieldScope } from './fieldScope';

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
