import { Directive, Field, ObjectType } from 'type-graphql';
import { CountryCode } from '../codes';
import { COUNTRY_DESCRIPTION } from '../descriptions';

@Directive('@key(fields: "code")')
@ObjectType('Country', { description: COUNTRY_DESCRIPTION })
export class NationalCountry {
  @Field(() => CountryCode)
  code!: CountryCode;
}
