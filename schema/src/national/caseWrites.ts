import { GraphQLError } from 'graphql';
import { Arg, Ctx, Directive, ID, Int, Mutation, Resolver } from 'type-graphql';
import { CaseStatus, CountryCode } from '../codes';
import { ErrorCode, contractError } from '../errors';
import { partition } from '../partition';
import { YearMonthScalar } from '../scalars/yearMonth';
import { Case } from './case.types';
import { CaseEventInput, CaseInput, PersonIdentityInput } from './caseInputs';
import type { NationalContext } from './context';
import { idempotencyOf } from './crossBorderSteps';
import { refuse, releaseWritten } from './enforcement';
import { assertOwnCountry, assertOwnId } from './ownership';
import type { CaseWrite } from './port';

/**
 * The domestic case writes (DOMAIN §3 use cases 1–3): a country's own assistance caseworkers (for their
 * organisation's cases) and national coordinators register and update its cases. Each write is asked of
 * the policy (`caseWrite`), audited as WRITE with the names of the fields it changed (never their
 * values), idempotent under retry, and checked against the case's `version`.
 */
@Resolver(() => Case)
export class CaseWriteResolver {
  @Directive(partition('ONE_COUNTRY', 'country'))
  @Mutation(() => Case, {
    description:
      "Registers a new case of `country` (the caller's own: no other country's service takes it). Assistance caseworkers register for their own organisation; national coordinators for any. Purpose VICTIM_ASSISTANCE_CONTINUITY. Retrying with the same idempotencyKey returns the same case.",
  })
  registerCase(
    @Arg('country', () => CountryCode) country: CountryCode,
    @Arg('input', () => CaseInput) input: CaseInput,
    @Arg('idempotencyKey', () => String) idempotencyKey: string,
    @Ctx() context: NationalContext,
    @Arg('identity', () => PersonIdentityInput, {
      nullable: true,
      description:
        'National-only identity of the person (for person matching); never answered by the contract.',
    })
    identity?: PersonIdentityInput | null,
  ): Promise<Case> {
    assertOwnCountry(context, country, 'A case of');
    const caller = context.caller;
    // A caseworker's registration is their organisation's; a coordinator's names one or none.
    const coordinator = caller?.roles.includes('NATIONAL_COORDINATOR') ?? false;
    const organisation = input.responsibleOrgId ?? (coordinator ? null : (caller?.organisation ?? null));
    const decision = context.policy.caseWrite('Mutation.registerCase', organisation);
    if (!decision.allowed) refuse(context, decision, 'Case', [], 'WRITE', 'Mutation.registerCase');
    input.responsibleOrgId = organisation;
    return this.write(context, decision.grantedBy, idempotencyKey, {
      operation: 'REGISTER',
      input,
      identity: identity ?? null,
    });
  }

  @Directive(partition('OWNER_OF_ID', 'id'))
  @Mutation(() => Case, {
    description:
      "Replaces a case's contents with `input` (lists included; an absent identity leaves the stored one). `expectedVersion` is the version you read: if the case changed since, CONFLICT and nothing is written.",
  })
  async updateCase(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => CaseInput) input: CaseInput,
    @Arg('idempotencyKey', () => String) idempotencyKey: string,
    @Ctx() context: NationalContext,
    @Arg('identity', () => PersonIdentityInput, { nullable: true })
    identity?: PersonIdentityInput | null,
  ): Promise<Case> {
    const grantedBy = await this.authorizeChange(context, id, 'Mutation.updateCase', input.responsibleOrgId);
    return this.write(context, grantedBy, idempotencyKey, {
      operation: 'UPDATE',
      id,
      expectedVersion,
      input,
      identity: identity ?? null,
    });
  }

  @Directive(partition('OWNER_OF_ID', 'id'))
  @Mutation(() => Case, {
    description:
      'Adds what happened in a case (a trafficking event, an exploitation form, an indicator, an assistance episode) or records a new identification decision. Checked against `expectedVersion` like updateCase.',
  })
  async recordCaseEvent(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('event', () => CaseEventInput) event: CaseEventInput,
    @Arg('idempotencyKey', () => String) idempotencyKey: string,
    @Ctx() context: NationalContext,
  ): Promise<Case> {
    const grantedBy = await this.authorizeChange(context, id, 'Mutation.recordCaseEvent');
    const given = Object.entries(event).filter(([, value]) => value !== null && value !== undefined);
    if (given.length !== 1) {
      throw contractError(
        ErrorCode.BAD_USER_INPUT,
        `event must give exactly one of traffickingEvent, exploitation, indicator, assistance, identification; got ${given.length === 0 ? 'none' : given.map(([k]) => k).join(', ')}.`,
        { argument: 'event', field: 'event' },
      );
    }
    return this.write(context, grantedBy, idempotencyKey, {
      operation: 'RECORD_EVENT',
      id,
      expectedVersion,
      event,
    });
  }

  @Directive(partition('OWNER_OF_ID', 'id'))
  @Mutation(() => Case, {
    description: 'Closes a case in `closedMonth` (status CLOSED, or CLOSED_REFERRED).',
  })
  async closeCase(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('closedMonth', () => YearMonthScalar) closedMonth: string,
    @Arg('idempotencyKey', () => String) idempotencyKey: string,
    @Ctx() context: NationalContext,
    @Arg('status', () => CaseStatus, { defaultValue: 'CLOSED' }) status: CaseStatus = 'CLOSED',
  ): Promise<Case> {
    if (status !== 'CLOSED' && status !== 'CLOSED_REFERRED') {
      throw contractError(
        ErrorCode.BAD_USER_INPUT,
        `status must be CLOSED or CLOSED_REFERRED to close a case, got ${status}.`,
        {
          argument: 'status',
          field: 'status',
        },
      );
    }
    const grantedBy = await this.authorizeChange(context, id, 'Mutation.closeCase');
    return this.write(context, grantedBy, idempotencyKey, {
      operation: 'CLOSE',
      id,
      expectedVersion,
      closedMonth,
      status,
    });
  }

  @Directive(partition('OWNER_OF_ID', 'id'))
  @Mutation(() => Case, {
    description: 'Reopens a closed case (status ACTIVE, or FOLLOW_UP); its closedMonth is cleared.',
  })
  async reopenCase(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('idempotencyKey', () => String) idempotencyKey: string,
    @Ctx() context: NationalContext,
    @Arg('status', () => CaseStatus, { defaultValue: 'ACTIVE' }) status: CaseStatus = 'ACTIVE',
  ): Promise<Case> {
    if (status !== 'ACTIVE' && status !== 'FOLLOW_UP') {
      throw contractError(
        ErrorCode.BAD_USER_INPUT,
        `status must be ACTIVE or FOLLOW_UP to reopen a case, got ${status}.`,
        {
          argument: 'status',
          field: 'status',
        },
      );
    }
    const grantedBy = await this.authorizeChange(context, id, 'Mutation.reopenCase');
    return this.write(context, grantedBy, idempotencyKey, {
      operation: 'REOPEN',
      id,
      expectedVersion,
      status,
    });
  }

  /**
   * The policy's decision on a change of case `id`, judged on its stored organisation as the caller's
   * scoped store sees it (a case outside a caseworker's scope is refused like a missing one); a change
   * that moves the case to another organisation is judged on that one too.
   */
  private async authorizeChange(
    context: NationalContext,
    id: string,
    operation: string,
    newOrganisation?: string | null,
  ): Promise<string | undefined> {
    assertOwnId(context, id, 'Case');
    const [current] =
      context.caller?.country === context.country ? await context.national.findCases([id]) : [null];
    const organisation = current ? (current.responsibleOrganisation?.id ?? null) : null;
    let decision = context.policy.caseWrite(operation, organisation);
    if (decision.allowed && newOrganisation !== undefined && newOrganisation !== organisation)
      decision = context.policy.caseWrite(operation, newOrganisation);
    if (!decision.allowed) refuse(context, decision, 'Case', [id], 'WRITE', operation);
    return decision.grantedBy;
  }

  /** Runs the write and audits it: ALLOWED with the fields changed, or DENIED with the error's code. */
  private async write(
    context: NationalContext,
    grantedBy: string | undefined,
    idempotencyKey: string,
    write: CaseWrite,
  ): Promise<Case> {
    const ids = write.operation === 'REGISTER' ? [] : [write.id];
    const audit = { action: 'WRITE' as const, entityType: 'Case', grantedBy };
    try {
      const idempotency = idempotencyOf(context, idempotencyKey);
      const result = await context.national.writeCase(write, idempotency);
      context.audit.record({
        ...audit,
        entityIds: [result.case.id],
        outcome: 'ALLOWED',
        changedFields: result.changedFields,
      });
      return releaseWritten(context, result.case);
    } catch (error) {
      const code = error instanceof GraphQLError ? String(error.extensions?.code ?? 'ERROR') : 'INTERNAL';
      context.audit.record({ ...audit, entityIds: ids, outcome: 'DENIED', reason: code });
      throw error;
    }
  }
}
