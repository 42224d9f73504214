import {
  type ConnectedCountry,
  type CountryCode,
  type ReferralPayload,
  type ReferralRecord,
  effectiveReferralStatus,
} from '@nordic/schema';
import type { ReferralRow } from './referral.entity';

/** The national NRM focal point's contact id in the network directory: where referrals are addressed. */
export function focalPointOf(country: string): string {
  return `${country}:ContactPoint:nrm-focal-point`;
}

/** How long an acceptance holds off a decline or withdrawal at most (longer than any cross-border step). */
export const ACCEPTANCE_LEASE_MS = 60_000;

/**
 * The moment a referral's expiry is judged at: while an acceptance is under way (its lease held, see
 * `ReferralWrites.actOnReferral`), when that acceptance began — so a referral that expires while the
 * receiver opens its case, or before the retry of an acceptance whose outcome was unknown, is still
 * accepted and its payload still served to the receiver; otherwise `now`.
 */
export function expiryJudgedAt(row: Pick<ReferralRow, 'acceptanceUntil'>, now: Date = new Date()): Date {
  if (!row.acceptanceUntil || !acceptanceUnderWay(row, now)) return now;
  return new Date(Math.min(now.getTime(), Date.parse(row.acceptanceUntil) - ACCEPTANCE_LEASE_MS));
}

/** Whether an acceptance holds the referral's lease at `now` (it has not ended or run out). */
export function acceptanceUnderWay(
  row: Pick<ReferralRow, 'acceptanceUntil'>,
  now: Date = new Date(),
): boolean {
  return row.acceptanceUntil !== null && Date.parse(row.acceptanceUntil) > now.getTime();
}

/**
 * Store row → contract record, as of `now`: an open referral past its expiry is EXPIRED, and an expired
 * referral's payload is no longer served (null). The expiry is judged by `expiryJudgedAt`.
 */
export function toReferralRecord(
  country: ConnectedCountry,
  row: ReferralRow,
  now: Date = new Date(),
): ReferralRecord {
  const expiresAt = new Date(row.expiresAt);
  const judgedAt = expiryJudgedAt(row, now);
  const expired = expiresAt.getTime() <= judgedAt.getTime();
  return {
    id: row.id,
    caseId: row.caseId,
    fromCountry: country,
    toCountry: row.toCountry as CountryCode,
    fromContact: { id: row.fromContactId },
    toContact: { id: row.toContactId },
    toOrganisation: row.toOrgId ? { id: row.toOrgId } : null,
    reason: row.reason as ReferralRecord['reason'],
    urgency: row.urgency as ReferralRecord['urgency'],
    purpose: row.purpose as ReferralRecord['purpose'],
    legalBasis: row.legalBasis as ReferralRecord['legalBasis'],
    sharedPayload: expired ? null : (JSON.parse(row.payload) as ReferralPayload),
    consentRecorded: row.consentRecorded,
    status: effectiveReferralStatus(row.status as ReferralRecord['status'], expiresAt, judgedAt),
    sentAt: row.sentAt ? new Date(row.sentAt) : null,
    respondedAt: row.respondedAt ? new Date(row.respondedAt) : null,
    responseNote: row.responseNote,
    expiresAt,
    destinationCaseId: row.destinationCaseId,
  };
}
