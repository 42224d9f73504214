import { ArgsType, Field, ID, Int, ObjectType } from 'type-graphql';
import { AccessOutcome, AuditAction, CountryCode, LegalBasis, Purpose, Role } from '../codes';
import { DateTimeScalar } from '../scalars/dateTime';
import { PageInfo } from './case.types';

@ObjectType({
  description:
    "One access recorded in the owning country's append-only, hash-chained audit log (who, when, which records, which declared purpose). Readable by that country's auditors only.",
})
export class AuditEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => ID, { description: 'Pseudonymous subject of the actor, resolvable only in the home country.' })
  actorId!: string;

  @Field(() => String)
  actorOrg!: string;

  @Field(() => CountryCode)
  actorCountry!: CountryCode;

  @Field(() => Role, {
    description: "The caller's role that granted the access; for a refusal, the caller's first role.",
  })
  role!: Role;

  @Field(() => [Role], {
    description: "Every role of the caller's token (empty for events recorded before roles were kept).",
  })
  roles!: Role[];

  @Field(() => [String], {
    description:
      'For a WRITE: the names of the fields the write changed (e.g. "status", "identity.familyName"), never their values; empty for other events.',
  })
  changedFields!: string[];

  @Field(() => AuditAction)
  action!: AuditAction;

  @Field(() => String)
  entityType!: string;

  @Field(() => [ID])
  entityIds!: string[];

  @Field(() => Purpose, { nullable: true })
  purpose!: Purpose | null;

  @Field(() => LegalBasis, { nullable: true })
  legalBasis!: LegalBasis | null;

  @Field(() => CountryCode)
  servingCountry!: CountryCode;

  @Field(() => Boolean)
  crossBorder!: boolean;

  @Field(() => Int)
  resultCount!: number;

  @Field(() => AccessOutcome)
  outcome!: AccessOutcome;

  @Field(() => String, { nullable: true, description: 'For a denial: its error code.' })
  reason!: string | null;

  @Field(() => String)
  traceId!: string;

  @Field(() => String)
  queryHash!: string;

  @Field(() => String, { description: 'SHA-256 chaining this event to the previous one.' })
  hash!: string;
}

@ObjectType({ description: "A page of a country's audit log, newest first." })
export class AuditEventPage {
  @Field(() => [AuditEvent])
  nodes!: AuditEvent[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ArgsType()
export class AuditEventsArgs {
  @Field(() => CountryCode, {
    description: 'The country whose audit log to read (only its own auditors may).',
  })
  country!: CountryCode;

  @Field(() => ID, {
    nullable: true,
    description: 'Only accesses to this record, e.g. "FI:Case:2024-000017".',
  })
  entityId?: string;

  @Field(() => CountryCode, { nullable: true })
  actorCountry?: CountryCode;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only accesses from (true) or not from (false) another country.',
  })
  crossBorder?: boolean;

  @Field(() => AccessOutcome, { nullable: true })
  outcome?: AccessOutcome;

  @Field(() => DateTimeScalar, { nullable: true, description: 'From this instant (inclusive).' })
  from?: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Until this instant (exclusive).' })
  to?: Date;

  @Field(() => Int, { nullable: true, description: 'Page size, 1–500 (default 50).' })
  first?: number;

  @Field(() => String, { nullable: true })
  after?: string;
}
