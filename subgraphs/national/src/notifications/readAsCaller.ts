import type { CallerIdentity, NationalContext } from '@nordic/schema';
import type { IncomingCall } from '@nordic/subgraph-common';
import { type GraphQLSchema, execute, parse } from 'graphql';
import type { DataSource } from 'typeorm';
import { RequestAuditTrail } from '../audit/accessRecorder';
import type { ReferralAdmission, ReferralReader } from './referralEventStream';

/** The read an event is delivered by: the national schema's own `referral(id:)`, nothing less. */
const NOTIFIED_REFERRAL = parse(`query NotifiedReferral($id: ID!) {
  referral(id: $id) {
    id fromCountry toCountry toOrganisation { id } status reason urgency sentAt respondedAt expiresAt
  }
}`);

interface ReadReferral {
  id: string;
  fromCountry: string;
  toCountry: string;
  toOrganisation: { id: string } | null;
  status: string;
  reason: string;
  urgency: string;
  sentAt: string | null;
  respondedAt: string | null;
  expiresAt: string;
}

/**
 * Reads for the event stream, as the subscriber: each through a request context of its own (the
 * caller's policy, purpose and scope), executed against the `national` schema like a request to
 * /graphql, its accesses written to the audit log before the event leaves (no unaudited read).
 */
export function readsAsCaller(
  schema: GraphQLSchema,
  contextOf: (caller: CallerIdentity, call: IncomingCall) => Promise<NationalContext>,
  dataSource: DataSource,
): { read: ReferralReader; admit: ReferralAdmission } {
  return {
    async admit(caller, call) {
      const decision = (await contextOf(caller, call)).policy.unitRead('Referral');
      return decision.allowed ? { allowed: true } : decision;
    },
    async read(caller, call, referralId) {
      const context = await contextOf(caller, call);
      const result = await execute({
        schema,
        document: NOTIFIED_REFERRAL,
        variableValues: { id: referralId },
        contextValue: context,
      });
      if (context.audit instanceof RequestAuditTrail) await context.audit.flush(dataSource);
      const found = (result.data as { referral?: ReadReferral | null } | null | undefined)?.referral;
      if (result.errors?.length || !found) return null;
      const { toOrganisation, ...rest } = found;
      return { ...rest, toOrganisationId: toOrganisation?.id ?? null };
    },
  };
}
