import { GraphQLError } from 'graphql';
import type { AccessDecision, NationalContext } from '../national/context';

/** A refused match step: audited as a denied MATCH_QUERY, then a GraphQL error with the refusal's code. */
export function refuseMatch(
  context: NationalContext,
  decision: Exclude<AccessDecision, { allowed: true }>,
  field: string,
  entityIds: readonly string[],
): never {
  context.audit.record({
    action: 'MATCH_QUERY',
    entityType: 'Case',
    entityIds,
    outcome: 'DENIED',
    reason: decision.code,
  });
  throw new GraphQLError(decision.message, { extensions: { code: decision.code, field } });
}
