import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { ContactRole, CountryCode, OrganisationType, SecureChannel } from '../codes';
import { CONTACT_POINT_DESCRIPTION, COUNTRY_DESCRIPTION, ORGANISATION_DESCRIPTION } from '../descriptions';

@Directive('@key(fields: "id")')
@ObjectType('Organisation', { description: ORGANISATION_DESCRIPTION })
export class Organisation {
  @Field(() => ID)
  id!: string;

  @Field(() => CountryCode)
  country!: CountryCode;

  @Field(() => String, { description: 'Name in English.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Name in the local language.' })
  nameLocal!: string | null;

  @Field(() => OrganisationType)
  type!: OrganisationType;

  @Field(() => Organisation, { nullable: true, description: 'Parent body, e.g. KOM → Politidirektoratet.' })
  parent!: Organisation | null;
}

@Directive('@key(fields: "id")')
@ObjectType('ContactPoint', { description: CONTACT_POINT_DESCRIPTION })
export class ContactPoint {
  @Field(() => ID)
  id!: string;

  @Field(() => Organisation)
  organisation!: Organisation;

  @Field(() => ContactRole)
  role!: ContactRole;

  @Field(() => String, { nullable: true, description: 'Functional mailbox only.' })
  functionalEmail!: string | null;

  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field(() => [String], { description: 'Languages served (ISO 639-1).' })
  languages!: string[];

  @Field(() => String, { nullable: true, description: 'e.g. "24/7", "office hours CET".' })
  availability!: string | null;

  @Field(() => SecureChannel, {
    description: 'How unit-level data may actually be sent to this contact point.',
  })
  secureChannel!: SecureChannel;
}

@Directive('@key(fields: "code")')
@ObjectType('Country', { description: COUNTRY_DESCRIPTION })
export class NetworkCountry {
  @Field(() => CountryCode)
  code!: CountryCode;

  @Field(() => String, { description: 'Name in English.' })
  name!: string;

  @Field(() => String, { description: 'Name in the local language.' })
  nameLocal!: string;

  @Field(() => Boolean)
  euMember!: boolean;

  @Field(() => Boolean, {
    description:
      'Bound by Directive 2011/36/EU (Denmark is not: Protocol 22; Norway and Iceland are not EU members).',
  })
  boundByDirective2011_36!: boolean;

  @Field(() => Boolean, {
    description: 'Party to the Council of Europe Convention on Action against Trafficking (CETS 197).',
  })
  coeConventionParty!: boolean;

  @Field(() => Boolean, {
    description: 'Runs a national service of its own (AX, FO and GL are directory entries only).',
  })
  connected!: boolean;

  @Field(() => Organisation, { nullable: true })
  nationalCoordinator!: Organisation | null;

  @Field(() => Organisation, { nullable: true })
  nationalRapporteur!: Organisation | null;

  @Field(() => Organisation, {
    nullable: true,
    description: 'e.g. the FI National Assistance System, IS Bjarkarhlíð.',
  })
  assistanceSystem!: Organisation | null;
}

@ObjectType({
  description:
    "A country's number of inhabitants on 1 January of a year, as its statistics office published it; the network registry keeps it (docs/operators.md) so that figures can be shown per 100,000 inhabitants.",
})
export class PopulationFigure {
  @Field(() => Int, { description: 'The year the figure is for (inhabitants on 1 January).' })
  year!: number;

  @Field(() => Int)
  inhabitants!: number;

  @Field(() => String, { description: 'Who published the figure, e.g. "Statistics Finland".' })
  source!: string;
}

@ObjectType({ description: 'A label in one language.' })
export class LocalisedLabel {
  @Field(() => String, { description: 'fi, sv, nb, da, is or en.' })
  lang!: string;

  @Field(() => String)
  text!: string;
}

@ObjectType({ description: 'One value of a code list with its labels.' })
export class CodeListValue {
  @Field(() => String, { description: 'The enum value, as the API uses it.' })
  code!: string;

  @Field(() => String, { description: 'Label in the requested language.' })
  label!: string;

  @Field(() => [LocalisedLabel], { description: 'Labels in every network language.' })
  labels!: LocalisedLabel[];
}

@ObjectType({ description: 'A controlled vocabulary of the contract, with its source standard and labels.' })
export class CodeList {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  description!: string;

  @Field(() => String)
  source!: string;

  @Field(() => [CodeListValue])
  values!: CodeListValue[];
}
