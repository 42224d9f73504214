import { GraphQLError } from 'graphql';
import { ErrorCode, contractError } from '../errors';
import type { AccessRecord, CrossBorderAction, NationalContext } from './context';
import type { Idempotency } from './port';
import { refuse, releaseWritten } from './enforcement';

const KEY = /^[A-Za-z0-9._:-]{8,80}$/;

/** The caller's idempotency scope: their key, under their home country and pseudonymous subject. */
export function idempotencyOf(context: NationalContext, key: string): Idempotency {
  if (!KEY.test(key)) {
    throw contractError(
      ErrorCode.BAD_USER_INPUT,
      'idempotencyKey must be 8–80 characters of letters, digits, ".", "_", ":" or "-" (e.g. a UUID the client generates once per intended action and reuses when it retries).',
      { argument: 'idempotencyKey' },
    );
  }
  const caller = context.caller;
  if (!caller) throw contractError(ErrorCode.FORBIDDEN, 'A write needs a bearer token.');
  return { subject: `${caller.country}:${caller.subject}`, key };
}

/** What a step's audit event names: the access, and once allowed the role that granted it. */
export interface StepAudit {
  action: AccessRecord['action'];
  entityType: string;
  entityIds: readonly string[];
  grantedBy?: string;
}

/**
 * Asks the policy before a cross-border step; a refusal is audited under the step's action. Returns
 * the step's audit with the role that granted it.
 */
export function guardStep(
  context: NationalContext,
  step: CrossBorderAction,
  counterpart: string,
  audit: StepAudit,
): StepAudit {
  const decision = context.policy.crossBorderAction(step, counterpart);
  if (!decision.allowed) refuse(context, decision, audit.entityType, audit.entityIds, audit.action);
  return { ...audit, grantedBy: decision.grantedBy };
}

/**
 * Runs a cross-border step and audits it: ALLOWED with the ids it touched, or DENIED with the error's
 * code (an invalid transition, a reused key, the other country unreachable) before the error is passed on.
 * An object it returns is released to the caller (see enforcement.ts): the step's audit covers it.
 */
export async function auditedStep<T>(
  context: NationalContext,
  audit: StepAudit,
  run: () => Promise<T>,
  touched: (result: T) => readonly string[],
): Promise<T> {
  try {
    const result = await run();
    context.audit.record({
      ...audit,
      entityIds: [...new Set([...audit.entityIds, ...touched(result)])],
      outcome: 'ALLOWED',
    });
    // The step's result is the caller's own work, answered as part of the audited step.
    return typeof result === 'object' && result !== null ? releaseWritten(context, result) : result;
  } catch (error) {
    const code = error instanceof GraphQLError ? String(error.extensions?.code ?? 'ERROR') : 'INTERNAL';
    context.audit.record({ ...audit, outcome: 'DENIED', reason: code });
    throw error;
  }
}
