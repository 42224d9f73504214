import { AuditEventEntityRow, AuditEventRow } from '../audit/auditEvent.entity';
import {
  AssistanceRow,
  CaseRow,
  ExploitationRow,
  IndicatorRow,
  TraffickingEventRow,
} from '../cases/case.entity';
import { IdempotencyKeyRow } from '../crossborder/idempotencyKey.entity';
import { ImportReferenceRow } from '../import/importReference.entity';
import { PersonIdentityRow } from '../identity/personIdentity.entity';
import { CaseLinkRow } from '../links/caseLink.entity';
import { MatchLookupRow } from '../matching/matchLookup.entity';
import { MatchReviewRow } from '../matching/matchReview.entity';
import { MatchRequestRow } from '../matching/matchRequest.entity';
import { MatchTokenRow } from '../matching/matchToken.entity';
import { ReferralRow } from '../referrals/referral.entity';

export const nationalEntities = [
  CaseRow,
  ExploitationRow,
  TraffickingEventRow,
  IndicatorRow,
  AssistanceRow,
  PersonIdentityRow,
  ReferralRow,
  CaseLinkRow,
  AuditEventRow,
  AuditEventEntityRow,
  IdempotencyKeyRow,
  MatchTokenRow,
  MatchRequestRow,
  MatchReviewRow,
  MatchLookupRow,
  ImportReferenceRow,
];
