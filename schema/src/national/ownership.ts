import { ErrorCode, contractError } from '../errors';
import { type GlobalIdType, isOrganisationOf, parseGlobalId } from '../globalId';
import type { NationalContext } from './context';

/**
 * Defence in depth: a national service answers only for its own country's records, whatever the
 * gateway sends it. An id of another country is an error, never a silent null.
 */
export function assertOwnId(
  context: Pick<NationalContext, 'country'> & Partial<Pick<NationalContext, 'audit'>>,
  id: string,
  type: GlobalIdType,
): void {
  const parsed = parseGlobalId(id, type);
  if (parsed.country !== context.country) {
    context.audit?.record({
      action: 'READ_UNIT',
      entityType: type,
      entityIds: [id],
      outcome: 'DENIED',
      reason: ErrorCode.NOT_OWNED_BY_THIS_COUNTRY,
    });
    throw contractError(
      ErrorCode.NOT_OWNED_BY_THIS_COUNTRY,
      `${id} belongs to ${parsed.country}; this is the ${context.country} service, which answers only for ${context.country} records. Ask ${parsed.country} (the gateway routes by the id's prefix).`,
      { id, owner: parsed.country, servingCountry: context.country },
    );
  }
}

export function assertOwnCountry(
  context: Pick<NationalContext, 'country'>,
  code: string,
  what: string,
): void {
  if (code !== context.country) {
    throw contractError(
      ErrorCode.NOT_OWNED_BY_THIS_COUNTRY,
      `${what} ${code} is not served here: this is the ${context.country} service, which answers only for ${context.country}.`,
      { country: code, servingCountry: context.country },
    );
  }
}

/**
 * Refuses (`BAD_USER_INPUT` naming `argument`) an id that is not of an organisation of `country`; whether
 * the network directory lists it is for the national service to ask.
 */
export function assertOrganisationOf(id: string, country: string, argument: string): void {
  if (isOrganisationOf(id, country)) return;
  throw contractError(
    ErrorCode.BAD_USER_INPUT,
    `${argument} must be an organisation of ${country} in the network directory, e.g. "${country}:Organisation:…"; got ${JSON.stringify(id)}.`,
    { argument },
  );
}
