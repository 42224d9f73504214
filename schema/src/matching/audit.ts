import type { AccessDecision, NationalContext } from '../national/context';
import { refuse } from '../national/enforcement';

/** A refused match step: audited as a denied MATCH_QUERY on the case, then the refusal's code naming `field`. */
export function refuseMatch(
  context: NationalContext,
  decision: Exclude<AccessDecision, { allowed: true }>,
  field: string,
  entityIds: readonly string[],
): never {
  return refuse(context, decision, 'Case', entityIds, 'MATCH_QUERY', field);
}
