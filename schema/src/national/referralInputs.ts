import { Field, ID, InputType, Int } from 'type-graphql';
import { CountryCode, LegalBasis, ReferralReason, SupportType, Urgency } from '../codes';

export const DEFAULT_REFERRAL_DAYS = 30;
export const MAX_REFERRAL_DAYS = 90;
/** Longest response note; notes are short and carry no personal data. */
export const MAX_NOTE_LENGTH = 280;

@InputType({
  description:
    'What the sending coordinator decides about a referral. The payload the receiver sees is built by the sending service from the case itself: no free text or identifier can be put into it.',
})
export class ReferralRequest {
  @Field(() => CountryCode, {
    description: 'The receiving country (a connected country other than the sender).',
  })
  toCountry!: CountryCode;

  @Field(() => ReferralReason)
  reason!: ReferralReason;

  @Field(() => Urgency)
  urgency!: Urgency;

  @Field(() => [SupportType], {
    description: 'What the victim needs from the receiving country (at least one).',
  })
  needs!: SupportType[];

  @Field(() => LegalBasis)
  legalBasis!: LegalBasis;

  @Field(() => Boolean, {
    description: 'Whether the victim consented (recorded; not the legal basis for authorities).',
  })
  consentRecorded!: boolean;

  @Field(() => ID, {
    nullable: true,
    description:
      'The organisation of the receiving country the referral is addressed to, from the network directory (e.g. "SE:Organisation:nsp"). Its assistance caseworkers see the referral in their inbox and the case accepting it opens is theirs; without one, only the receiving country\'s coordinators see it and route it.',
  })
  toOrganisationId?: string;

  @Field(() => Int, {
    nullable: true,
    description: `Days until the cross-border copy of the payload expires, 1–${MAX_REFERRAL_DAYS} (default ${DEFAULT_REFERRAL_DAYS}).`,
  })
  expiresInDays?: number;
}
