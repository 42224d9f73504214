import { InitialNationalSchema1764374400000 } from './1764374400000-InitialNationalSchema';
import { AuditLog1795910400000 } from './1795910400000-AuditLog';
import { IdempotencyKeys1795996800000 } from './1795996800000-IdempotencyKeys';
import { PersonMatching1796000000000 } from './1796000000000-PersonMatching';
import { ReferralAcceptanceLease1796100000000 } from './1796100000000-ReferralAcceptanceLease';
import { CaseResponsibleOrganisation1796200000000 } from './1796200000000-CaseResponsibleOrganisation';
import { MatchReviews1796300000000 } from './1796300000000-MatchReviews';
import { ReferralAddressee1796400000000 } from './1796400000000-ReferralAddressee';
import { RecordKeys1796500000000 } from './1796500000000-RecordKeys';
import { AuditCheckpoints1796600000000 } from './1796600000000-AuditCheckpoints';
import { AuditEventRoles1796700000000 } from './1796700000000-AuditEventRoles';
import { MatchLookupsAndReviewIdentity1796800000000 } from './1796800000000-MatchLookupsAndReviewIdentity';
import { StatisticsIndexRecordKey1796900000000 } from './1796900000000-StatisticsIndexRecordKey';
import { CaseVersion1797000000000 } from './1797000000000-CaseVersion';
import { ReferralReminders1797420000000 } from './1797420000000-ReferralReminders';
import { AuditChangedFields1797000000001 } from './1797000000001-AuditChangedFields';
import { ImportReferences1797100000000 } from './1797100000000-ImportReferences';
import { StatisticsDataVersion1797410000000 } from './1797410000000-StatisticsDataVersion';

/** Every migration of the national store, oldest first. */
export const nationalMigrations = [
  InitialNationalSchema1764374400000,
  AuditLog1795910400000,
  IdempotencyKeys1795996800000,
  PersonMatching1796000000000,
  ReferralAcceptanceLease1796100000000,
  CaseResponsibleOrganisation1796200000000,
  MatchReviews1796300000000,
  ReferralAddressee1796400000000,
  RecordKeys1796500000000,
  AuditCheckpoints1796600000000,
  AuditEventRoles1796700000000,
  MatchLookupsAndReviewIdentity1796800000000,
  StatisticsIndexRecordKey1796900000000,
  CaseVersion1797000000000,
  AuditChangedFields1797000000001,
  ImportReferences1797100000000,
  StatisticsDataVersion1797410000000,
  ReferralReminders1797420000000,
];
