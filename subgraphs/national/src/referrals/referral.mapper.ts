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

/**
 * Store row → contract record, as of `now`: an open referral past its expiry is EXPIRED, and an expired
 * referral's payload is no longer served (null).
 */
export function toReferralRecord(
  country: ConnectedCountry,
  row: ReferralRow,
  now: Date = new Date(),
): ReferralRecord {
  const expiresAt = new Date(row.expiresAt);
  const expired = expiresAt.getTime() <= now.getTime();
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
    status: effectiveReferralStatus(row.status as ReferralRecord['status'], expiresAt, now),
    sentAt: row.sentAt ? new Date(row.sentAt) : null,
    respondedAt: row.respondedAt ? new Date(row.respondedAt) : null,
    responseNote: row.responseNote,
    expiresAt,
    destinationCaseId: row.destinationCaseId,
  };
}
