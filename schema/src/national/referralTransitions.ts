import type { ReferralStatus } from '../codes';

/** Who acts on a referral: the country that sent it, or the one it was sent to. */
export type ReferralSide = 'SENDER' | 'RECEIVER';

export type ReferralAction = 'ACKNOWLEDGE' | 'ACCEPT' | 'DECLINE' | 'WITHDRAW' | 'COMPLETE';

/**
 * The referral lifecycle (DOMAIN §3 use cases 7–9): the states each action may start from, the state it
 * leads to, and which side may take it. EXPIRED is not stored: an open referral (SENT or RECEIVED) whose
 * `expiresAt` has passed is EXPIRED, and no action applies to it.
 */
export const REFERRAL_TRANSITIONS: Readonly<
  Record<ReferralAction, { from: readonly ReferralStatus[]; to: ReferralStatus; by: readonly ReferralSide[] }>
> = {
  ACKNOWLEDGE: { from: ['SENT'], to: 'RECEIVED', by: ['RECEIVER'] },
  ACCEPT: { from: ['SENT', 'RECEIVED'], to: 'ACCEPTED', by: ['RECEIVER'] },
  DECLINE: { from: ['SENT', 'RECEIVED'], to: 'DECLINED', by: ['RECEIVER'] },
  WITHDRAW: { from: ['SENT', 'RECEIVED'], to: 'WITHDRAWN', by: ['SENDER'] },
  COMPLETE: { from: ['ACCEPTED'], to: 'COMPLETED', by: ['SENDER', 'RECEIVER'] },
};

const PAST: Record<ReferralAction, string> = {
  ACKNOWLEDGE: 'acknowledged',
  ACCEPT: 'accepted',
  DECLINE: 'declined',
  WITHDRAW: 'withdrawn',
  COMPLETE: 'completed',
};

/** The status a stored referral has now: an open referral past its expiry is EXPIRED. */
export function effectiveReferralStatus(stored: ReferralStatus, expiresAt: Date, now: Date): ReferralStatus {
  return (stored === 'SENT' || stored === 'RECEIVED') && expiresAt.getTime() <= now.getTime()
    ? 'EXPIRED'
    : stored;
}

/** Why an action cannot be taken from a status, or null when it can. */
export function referralTransitionProblem(action: ReferralAction, status: ReferralStatus): string | null {
  const rule = REFERRAL_TRANSITIONS[action];
  if (rule.from.includes(status)) return null;
  return `a referral that is ${status} cannot be ${PAST[action]} (only one that is ${rule.from.join(' or ')})`;
}
