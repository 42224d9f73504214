import { formatGlobalId, type ReferralStatus } from '@nordic/schema';
import { type SeedCountry } from './seedCountries';
import { responsibleOrganisation } from './assistanceOrganisations';
import { yearPlan, type PlannedReferral } from './crossBorderPlan';
import type { SeedOptions, SyntheticLink, SyntheticReferral } from './syntheticCase';
import { validateOptions } from './volumes';

/*
 * Each country's own records of the network plan: the referrals it sent and its side of every link it
 * takes part in. Both read the same per-year plan that shapes the cases, so they always agree with them.
 */

const DAY_MS = 86_400_000;
/** Retention of the cross-border copy of a referral that led nowhere. */
const SHORT_RETENTION_DAYS = 90;
/** Retention of an answered or pending referral. */
const LONG_RETENTION_YEARS = 3;

function statusOf(referral: PlannedReferral, yearTo: number): ReferralStatus {
  if (referral.outcome !== 'UNANSWERED') return referral.outcome;
  // Unanswered late in the last seeded year: still pending. Earlier ones ran out unanswered.
  return referral.year === yearTo ? 'SENT' : 'EXPIRED';
}

function expiresAt(status: ReferralStatus, lastEventMs: number): Date {
  const at = new Date(lastEventMs);
  if (status === 'DECLINED' || status === 'WITHDRAWN' || status === 'EXPIRED') {
    return new Date(lastEventMs + SHORT_RETENTION_DAYS * DAY_MS);
  }
  at.setUTCFullYear(at.getUTCFullYear() + LONG_RETENTION_YEARS);
  return at;
}

/**
 * The receiving organisation a referral is addressed to: the one responsible for the case the receiver
 * opened from it (so both sides agree), else one of the receiving country's assistance organisations.
 */
function addresseeOf(referral: PlannedReferral): string {
  const indexOf = (local: string) => Number(local.split('-')[1]);
  const destination = referral.destinationCaseId?.split(':')[2];
  return responsibleOrganisation(referral.to, indexOf(destination ?? referral.local));
}

/** Referrals sent by `country` (it owns them), in year and sequence order. */
export function generateReferrals(country: SeedCountry, options: SeedOptions): SyntheticReferral[] {
  validateOptions(options);
  const out: SyntheticReferral[] = [];
  for (let year = options.yearFrom; year <= options.yearTo; year++) {
    for (const referral of yearPlan(year, options.scale).referrals) {
      if (referral.from !== country) continue;
      const status = statusOf(referral, options.yearTo);
      out.push({
        local: referral.local,
        caseLocal: referral.caseLocal,
        toCountry: referral.to,
        toOrganisationId: addresseeOf(referral),
        reason: referral.reason,
        urgency: referral.urgency,
        purpose: referral.purpose,
        // Every member processes under GDPR (FI, SE, DK as EU members; NO and IS through the EEA).
        legalBasis: 'GDPR_6_1_E',
        needs: referral.needs.slice(),
        consentRecorded: referral.consentRecorded,
        status,
        sentAt: new Date(referral.sentAtMs),
        respondedAt: referral.respondedAtMs === null ? null : new Date(referral.respondedAtMs),
        responseNote: referral.responseNote,
        destinationCaseId: referral.destinationCaseId,
        expiresAt: expiresAt(status, referral.respondedAtMs ?? referral.sentAtMs),
      });
    }
  }
  return out;
}

/** `country`'s side of every confirmed link it takes part in, proposed by it or by the other country. */
export function generateLinks(country: SeedCountry, options: SeedOptions): SyntheticLink[] {
  validateOptions(options);
  const out: SyntheticLink[] = [];
  for (let year = options.yearFrom; year <= options.yearTo; year++) {
    for (const link of yearPlan(year, options.scale).links) {
      const [a, b] = link.cases;
      const own = a.country === country ? a : b.country === country ? b : null;
      if (!own) continue;
      const other = own === a ? b : a;
      out.push({
        id: link.id,
        caseLocal: own.local,
        foreignCaseId: formatGlobalId(other.country, 'Case', other.local),
        basis: link.basis,
        confirmedBy: link.confirmedBy.slice(),
        createdMonth: link.createdMonth,
      });
    }
  }
  return out;
}
