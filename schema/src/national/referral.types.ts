import { Directive, Field, ID, ObjectType } from 'type-graphql';
import {
  AgeBand,
  CountryCode,
  ExploitationForm,
  LegalBasis,
  Purpose,
  ReferralReason,
  ReferralStatus,
  RiskLevel,
  Sex,
  SupportType,
  Urgency,
} from '../codes';
import { DateTimeScalar } from '../scalars/dateTime';
import { Case, OrganisationRef } from './case.types';
import { CONTACT_POINT_DESCRIPTION, REFERRAL_DESCRIPTION } from '../descriptions';

@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('ContactPoint', { description: CONTACT_POINT_DESCRIPTION })
export class ContactPointRef {
  @Field(() => ID)
  id!: string;
}

@ObjectType({
  description: 'The minimised snapshot of a case that a referral shares with the receiving country.',
})
export class ReferralPayload {
  @Field(() => Sex, { nullable: true })
  sex!: Sex | null;

  @Field(() => AgeBand, { nullable: true })
  ageBand!: AgeBand | null;

  @Field(() => [CountryCode], { nullable: true })
  citizenship!: CountryCode[] | null;

  @Field(() => [String], { nullable: true, description: 'Languages the victim speaks (ISO 639-1).' })
  languages!: string[] | null;

  @Field(() => [ExploitationForm])
  exploitationForms!: ExploitationForm[];

  @Field(() => [SupportType])
  needs!: SupportType[];

  @Field(() => Boolean)
  minor!: boolean;

  @Field(() => RiskLevel)
  safetyRiskLevel!: RiskLevel;
}

@Directive('@key(fields: "id")')
@ObjectType('Referral', { description: REFERRAL_DESCRIPTION })
export class Referral {
  @Field(() => ID)
  id!: string;

  @Field(() => CountryCode)
  fromCountry!: CountryCode;

  @Field(() => CountryCode)
  toCountry!: CountryCode;

  @Field(() => ContactPointRef)
  fromContact!: ContactPointRef;

  @Field(() => ContactPointRef)
  toContact!: ContactPointRef;

  @Field(() => OrganisationRef, {
    nullable: true,
    description:
      "The receiving country's organisation the referral is addressed to; its assistance caseworkers see it. Null: addressed to the receiving country's coordinators.",
  })
  toOrganisation!: OrganisationRef | null;

  @Field(() => Case, { description: 'The origin case, in the sending country.' })
  case!: Case;

  @Field(() => ReferralReason)
  reason!: ReferralReason;

  @Field(() => Urgency)
  urgency!: Urgency;

  @Field(() => Purpose)
  purpose!: Purpose;

  @Field(() => LegalBasis)
  legalBasis!: LegalBasis;

  @Field(() => ReferralPayload, {
    nullable: true,
    description:
      'What the receiving country is told about the victim; nothing else crosses. Null once the referral has expired (expiresAt): the cross-border copy is no longer served.',
  })
  sharedPayload!: ReferralPayload | null;

  @Field(() => Boolean, {
    description: 'Whether the victim consented (recorded, but not the legal basis for authorities).',
  })
  consentRecorded!: boolean;

  @Field(() => ReferralStatus)
  status!: ReferralStatus;

  @Field(() => DateTimeScalar, { nullable: true })
  sentAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  respondedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Short note from the receiver; no personal data.' })
  responseNote!: string | null;

  @Field(() => DateTimeScalar, { description: 'When the cross-border copy of the payload expires.' })
  expiresAt!: Date;
}
