import { Arg, Ctx, Directive, ID, Mutation, Resolver } from 'type-graphql';
import { ErrorCode, contractError } from '../errors';
import { partition } from '../partition';
import { Case } from './case.types';
import type { NationalContext } from './context';
import { auditedStep, idempotencyOf } from './crossBorderSteps';
import { assertOrganisationOf, assertOwnId } from './ownership';
import { refuse } from './enforcement';

/**
 * `assignCase` — a coordinator makes an organisation of their country responsible for one of its cases,
 * so that its assistance caseworkers see it (DOMAIN §4.2): e.g. a case opened from an accepted referral,
 * or cases of a store migrated from before cases had an organisation.
 */
@Resolver(() => Case)
export class CaseAssignmentResolver {
  @Directive(partition('OWNER_OF_ID', 'caseId'))
  @Mutation(() => Case, {
    description:
      "Makes an organisation of the case's country responsible for the case, so its assistance caseworkers see it. National coordinators of that country only (purpose VICTIM_ASSISTANCE_CONTINUITY). Retrying with the same idempotency key changes nothing more.",
  })
  async assignCase(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('organisationId', () => ID, {
      description:
        'An organisation of the case\'s country in the network directory, e.g. "SE:Organisation:nsp".',
    })
    organisationId: string,
    @Arg('idempotencyKey', () => String) idempotencyKey: string,
    @Ctx() context: NationalContext,
  ): Promise<Case> {
    assertOwnId(context, caseId, 'Case');
    const audit = { action: 'ASSIGN_CASE' as const, entityType: 'Case', entityIds: [caseId] };
    const decision = context.policy.caseAssignment();
    if (!decision.allowed) refuse(context, decision, 'Case', [caseId], 'ASSIGN_CASE', 'Mutation.assignCase');
    assertOrganisationOf(organisationId, context.country, 'organisationId');
    const idempotency = idempotencyOf(context, idempotencyKey);
    return auditedStep(
      context,
      { ...audit, grantedBy: decision.grantedBy },
      async () => {
        const assigned = await context.national.assignCase(caseId, organisationId, idempotency);
        if (!assigned)
          throw contractError(ErrorCode.NOT_FOUND, `${caseId} is not a case of ${context.country}.`, {
            id: caseId,
          });
        return assigned;
      },
      () => [],
    );
  }
}
