import { Arg, Ctx, Directive, ID, Mutation, Resolver } from 'type-graphql';
import { CountryCode, LinkBasis } from '../codes';
import { ErrorCode, contractError } from '../errors';
import { parseGlobalId } from '../globalId';
import type { NationalContext } from '../national/context';
import { auditedStep, guardStep, idempotencyOf } from '../national/crossBorderSteps';
import { assertOwnCountry, assertOwnId } from '../national/ownership';
import { partition } from '../partition';
import { reference } from '../national/enforcement';
import { CaseLink } from './types';

/** A link a step returns: its two ends are references, released with it. */
function withEnds(context: NationalContext, link: CaseLink): CaseLink {
  reference(context, link.caseA);
  reference(context, link.caseB);
  return link;
}

const LINK_AUDIT = { action: 'LINK_CASES' as const, entityType: 'CaseLink' };

@Resolver(() => CaseLink)
export class CaseLinkMutationResolver {
  @Directive(partition('OWNER_OF_ID', 'caseId'))
  @Mutation(() => CaseLink, {
    description:
      "Proposes a link from one of the proposing country's cases to another country's case. It is visible from both sides only once the other country confirms it (confirmCaseLink). Retrying with the same idempotencyKey returns the same proposal.",
  })
  async proposeCaseLink(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('otherCaseId', () => ID) otherCaseId: string,
    @Arg('basis', () => LinkBasis) basis: LinkBasis,
    @Arg('idempotencyKey', () => String) idempotencyKey: string,
    @Ctx() context: NationalContext,
  ): Promise<CaseLink> {
    assertOwnId(context, caseId, 'Case');
    const other = parseGlobalId(otherCaseId, 'Case').country;
    const audit = { ...LINK_AUDIT, entityIds: [caseId, otherCaseId] };
    const granted = guardStep(context, 'PROPOSE_LINK', other, audit);
    if (other === context.country) {
      throw contractError(
        ErrorCode.BAD_USER_INPUT,
        `otherCaseId must be another country's case; ${otherCaseId} is ${other}'s own.`,
        {
          argument: 'otherCaseId',
        },
      );
    }
    const idempotency = idempotencyOf(context, idempotencyKey);
    return auditedStep(
      context,
      granted,
      async () =>
        withEnds(context, await context.crossborder.proposeLink(caseId, otherCaseId, basis, idempotency)),
      (l) => [l.id],
    );
  }

  @Directive(partition('OWNER_OF_ID', 'id'))
  @Mutation(() => CaseLink, {
    description:
      "The other country's coordinator confirms a proposed link (sent to the proposing country, which first has the confirming country store its side). Retrying with the same idempotencyKey does not act twice.",
  })
  async confirmCaseLink(
    @Arg('id', () => ID) id: string,
    @Arg('idempotencyKey', () => String) idempotencyKey: string,
    @Ctx() context: NationalContext,
  ): Promise<CaseLink> {
    assertOwnId(context, id, 'CaseLink');
    const [link] = await context.crossborder.findLinks([id]);
    const other = link ? parseGlobalId(link.caseB.id, 'Case').country : null;
    const audit = { ...LINK_AUDIT, entityIds: [id] };
    if (!link || !other || context.caller?.country !== other) {
      context.audit.record({ ...audit, outcome: 'DENIED', reason: ErrorCode.NOT_FOUND });
      throw contractError(
        ErrorCode.NOT_FOUND,
        `${id} is not a link ${context.country} proposed to a case of ${context.caller?.country ?? 'your country'}.`,
        { id },
      );
    }
    const granted = guardStep(context, 'CONFIRM_LINK', other, audit);
    const idempotency = idempotencyOf(context, idempotencyKey);
    return auditedStep(
      context,
      granted,
      async () => withEnds(context, await context.crossborder.confirmLink(id, idempotency)),
      (l) => [l.caseA.id, l.caseB.id],
    );
  }

  @Directive(partition('ONE_COUNTRY', 'country'))
  @Mutation(() => ID, {
    description:
      "The confirming country's side of confirmCaseLink, called by the proposing country's service as the confirming user: stores (once) this country's side of the link after reading the proposal back from its owner. A client calling it directly gets the same checks.",
  })
  async mirrorCaseLink(
    @Arg('country', () => CountryCode) country: CountryCode,
    @Arg('linkId', () => ID) linkId: string,
    @Ctx() context: NationalContext,
  ): Promise<string> {
    assertOwnCountry(context, country, 'A link of');
    const proposer = parseGlobalId(linkId, 'CaseLink').country;
    const audit = { ...LINK_AUDIT, entityIds: [linkId] };
    const granted = guardStep(context, 'MIRROR_LINK', proposer, audit);
    const link = await auditedStep(
      context,
      granted,
      () => context.crossborder.mirrorLink(linkId),
      (l) => [l.caseA.id],
    );
    return link.id;
  }
}
