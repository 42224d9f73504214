import { Arg, Ctx, Directive, ID, Mutation, Resolver } from 'type-graphql';
import { CountryCode, ReferralDecision } from '../codes';
import { ErrorCode, contractError } from '../errors';
import { parseGlobalId } from '../globalId';
import { partition } from '../partition';
import { Case } from './case.types';
import type { NationalContext } from './context';
import { auditedStep, guardStep, idempotencyOf } from './crossBorderSteps';
import { assertOrganisationOf, assertOwnCountry, assertOwnId } from './ownership';
import type { ReferralRecord } from './port';
import { MAX_NOTE_LENGTH, MAX_REFERRAL_DAYS, ReferralRequest } from './referralInputs';
import { Referral } from './referral.types';
import type { ReferralAction } from './referralTransitions';

/** A response note is short and carries no personal data: no long digit runs, e-mail addresses or links. */
function validateNote(note: string | null | undefined): string | null {
  if (note === null || note === undefined || note.trim() === '') return null;
  const text = note.trim();
  if (text.length > MAX_NOTE_LENGTH) {
    throw contractError(
      ErrorCode.BAD_USER_INPUT,
      `note is ${text.length} characters; at most ${MAX_NOTE_LENGTH}.`,
      {
        argument: 'note',
      },
    );
  }
  if (/\d{5,}|@|https?:|www\./i.test(text)) {
    throw contractError(
      ErrorCode.BAD_USER_INPUT,
      'note must not contain identifiers or contact details (digit runs, e-mail addresses, links): write them in the national system, not in a cross-border note.',
      { argument: 'note' },
    );
  }
  return text;
}

function validateRequest(context: NationalContext, request: ReferralRequest): void {
  const fail = (message: string) => {
    throw contractError(ErrorCode.BAD_USER_INPUT, message, { argument: 'request' });
  };
  if (!context.members.includes(request.toCountry) || request.toCountry === context.country) {
    fail(
      `request.toCountry must be another member country of the network (${context.members.filter((c) => c !== context.country).join(', ')}), got ${request.toCountry}; a country joins by configuration (docs/operators.md "Adding a member country").`,
    );
  }
  if (request.needs.length === 0)
    fail('request.needs must name at least one need (e.g. SAFE_ACCOMMODATION).');
  const days = request.expiresInDays;
  if (
    days !== undefined &&
    days !== null &&
    (!Number.isInteger(days) || days < 1 || days > MAX_REFERRAL_DAYS)
  ) {
    fail(`request.expiresInDays must be 1–${MAX_REFERRAL_DAYS}, got ${days}.`);
  }
  if (request.toOrganisationId !== undefined && request.toOrganisationId !== null)
    assertOrganisationOf(request.toOrganisationId, request.toCountry, 'request.toOrganisationId');
}

/** Loads a referral this country sent; an unknown id and one the caller may not see get the same answer. */
async function referralToActOn(context: NationalContext, id: string): Promise<ReferralRecord> {
  assertOwnId(context, id, 'Referral');
  const [found] = await context.national.findReferrals([id]);
  const caller = context.caller;
  const visible =
    found && caller && (caller.country === context.country || caller.country === found.toCountry);
  if (!found || !visible) {
    context.audit.record({
      action: 'RESPOND_REFERRAL',
      entityType: 'Referral',
      entityIds: [id],
      outcome: 'DENIED',
      reason: ErrorCode.NOT_FOUND,
    });
    throw contractError(
      ErrorCode.NOT_FOUND,
      `${id} is not a referral ${context.country} sent${caller && caller.country !== context.country ? ` to ${caller.country}` : ''}.`,
      { id },
    );
  }
  return found;
}

@Resolver(() => Referral)
export class ReferralMutationResolver {
  @Directive(partition('OWNER_OF_ID', 'caseId'))
  @Mutation(() => Referral, {
    description:
      "Sends a referral from one of the sending country's cases to another country (purpose CROSS_BORDER_REFERRAL). Retrying with the same idempotencyKey returns the same referral.",
  })
  async createReferral(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('request', () => ReferralRequest) request: ReferralRequest,
    @Arg('idempotencyKey', () => String) idempotencyKey: string,
    @Ctx() context: NationalContext,
  ): Promise<ReferralRecord> {
    assertOwnId(context, caseId, 'Case');
    const audit = { action: 'CREATE_REFERRAL' as const, entityType: 'Referral', entityIds: [caseId] };
    const granted = guardStep(context, 'CREATE_REFERRAL', request.toCountry, audit);
    validateRequest(context, request);
    const idempotency = idempotencyOf(context, idempotencyKey);
    return auditedStep(
      context,
      granted,
      () => context.national.createReferral(caseId, request, 'CROSS_BORDER_REFERRAL', idempotency),
      (r) => [r.id],
    );
  }

  @Directive(partition('OWNER_OF_ID', 'id'))
  @Mutation(() => Referral, {
    description:
      "The receiving country's answer, sent to the country that owns the referral. ACCEPT opens a case in the receiving country linked to the referral (its originReferral; the referral's destinationCase). Retrying with the same idempotencyKey does not act twice.",
  })
  async respondToReferral(
    @Arg('id', () => ID) id: string,
    @Arg('decision', () => ReferralDecision) decision: ReferralDecision,
    @Arg('idempotencyKey', () => String) idempotencyKey: string,
    @Ctx() context: NationalContext,
    @Arg('note', () => String, {
      nullable: true,
      description: `Short, no personal data (at most ${MAX_NOTE_LENGTH} characters).`,
    })
    note?: string,
  ): Promise<ReferralRecord> {
    return this.act(context, id, decision, 'RESPOND_REFERRAL', idempotencyKey, note);
  }

  @Directive(partition('OWNER_OF_ID', 'id'))
  @Mutation(() => Referral, {
    description: 'The sending country withdraws a referral that has not been answered.',
  })
  withdrawReferral(
    @Arg('id', () => ID) id: string,
    @Arg('idempotencyKey', () => String) idempotencyKey: string,
    @Ctx() context: NationalContext,
  ): Promise<ReferralRecord> {
    return this.act(context, id, 'WITHDRAW', 'WITHDRAW_REFERRAL', idempotencyKey);
  }

  @Directive(partition('OWNER_OF_ID', 'id'))
  @Mutation(() => Referral, { description: 'Either country marks an accepted referral completed.' })
  completeReferral(
    @Arg('id', () => ID) id: string,
    @Arg('idempotencyKey', () => String) idempotencyKey: string,
    @Ctx() context: NationalContext,
  ): Promise<ReferralRecord> {
    return this.act(context, id, 'COMPLETE', 'COMPLETE_REFERRAL', idempotencyKey);
  }

  @Directive(partition('ONE_COUNTRY', 'country'))
  @Mutation(() => Case, {
    description:
      "The receiving country's side of ACCEPT, called by the sending country's service as the accepting user: opens (once per referral) a case from the referral's shared payload, after reading the referral back from its owner. A client calling it directly gets the same checks.",
  })
  async openCaseFromReferral(
    @Arg('country', () => CountryCode) country: CountryCode,
    @Arg('referralId', () => ID) referralId: string,
    @Ctx() context: NationalContext,
  ): Promise<Case> {
    assertOwnCountry(context, country, 'A case of');
    const sender = parseGlobalId(referralId, 'Referral').country;
    const audit = { action: 'RESPOND_REFERRAL' as const, entityType: 'Case', entityIds: [referralId] };
    const granted = guardStep(context, 'OPEN_CASE_FROM_REFERRAL', sender, audit);
    return auditedStep(
      context,
      granted,
      () => context.national.openCaseFromReferral(referralId),
      (c) => [c.id],
    );
  }

  private async act(
    context: NationalContext,
    id: string,
    action: ReferralAction,
    step: 'RESPOND_REFERRAL' | 'WITHDRAW_REFERRAL' | 'COMPLETE_REFERRAL',
    idempotencyKey: string,
    note?: string,
  ): Promise<ReferralRecord> {
    const referral = await referralToActOn(context, id);
    const audit = { action: 'RESPOND_REFERRAL' as const, entityType: 'Referral', entityIds: [id] };
    const granted = guardStep(context, step, referral.toCountry, audit);
    const text = validateNote(note);
    const idempotency = idempotencyOf(context, idempotencyKey);
    return auditedStep(
      context,
      granted,
      () => context.national.actOnReferral(id, action, text, idempotency),
      (r) => (r.destinationCaseId ? [r.destinationCaseId] : []),
    );
  }
}
