import type { ConnectedCountry, CountryCode, ReferralPayload, ReferralRecord } from '@nordic/schema';
import type { ReferralRow } from './referral.entity';

export function toReferralRecord(country: ConnectedCountry, row: ReferralRow): ReferralRecord {
  return {
    id: row.id,
    caseId: row.caseId,
    fromCountry: country,
    toCountry: row.toCountry as CountryCode,
    fromContact: { id: row.fromContactId },
    toContact: { id: row.toContactId },
    reason: row.reason as ReferralRecord['reason'],
    urgency: row.urgency as ReferralRecord['urgency'],
    purpose: row.purpose as ReferralRecord['purpose'],
    legalBasis: row.legalBasis as ReferralRecord['legalBasis'],
    sharedPayload: JSON.parse(row.payload) as ReferralPayload,
    consentRecorded: row.consentRecorded,
    status: row.status as ReferralRecord['status'],
    sentAt: row.sentAt ? new Date(row.sentAt) : null,
    respondedAt: row.respondedAt ? new Date(row.respondedAt) : null,
    responseNote: row.responseNote,
    expiresAt: new Date(row.expiresAt),
  };
}
