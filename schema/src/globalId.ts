import { ErrorCode, contractError } from './errors';
import { type CountryCode, isCountryCode } from './codes/geography';

/** The record types that carry a global id. */
export const GLOBAL_ID_TYPES = [
  'Case',
  'Referral',
  'CaseLink',
  'Organisation',
  'ContactPoint',
  'AuditEvent',
  'MatchReview',
  'MatchRequest',
] as const;
export type GlobalIdType = (typeof GLOBAL_ID_TYPES)[number];

export interface GlobalId {
  /** The country that owns the record and answers for it: any member (membership is configuration). */
  readonly country: CountryCode;
  readonly type: GlobalIdType;
  /** Opaque to everyone but the owner; never a national case or diary number. */
  readonly local: string;
}

const LOCAL_PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** `FI:Case:2025-000042` — readable by people, routable by the gateway. */
export function formatGlobalId(country: CountryCode, type: GlobalIdType, local: string): string {
  if (!LOCAL_PART.test(local)) throw new Error(`invalid local id part ${JSON.stringify(local)}`);
  return `${country}:${type}:${local}`;
}

/** Parses a global id, or returns null when it is malformed. */
export function tryParseGlobalId(id: string): GlobalId | null {
  const parts = id.split(':');
  if (parts.length !== 3) return null;
  const [country, type, local] = parts as [string, string, string];
  if (!isCountryCode(country)) return null;
  if (!(GLOBAL_ID_TYPES as readonly string[]).includes(type)) return null;
  if (!LOCAL_PART.test(local)) return null;
  return { country, type: type as GlobalIdType, local };
}

/**
 * Parses a global id, throwing a GraphQL error (INVALID_GLOBAL_ID) that tells the caller the expected
 * form. With `expectedType`, an id of another record type is refused the same way.
 */
export function parseGlobalId(id: string, expectedType?: GlobalIdType): GlobalId {
  const parsed = tryParseGlobalId(id);
  if (!parsed || (expectedType && parsed.type !== expectedType)) {
    const example = `FI:${expectedType ?? 'Case'}:2025-000042`;
    throw contractError(
      ErrorCode.INVALID_GLOBAL_ID,
      `"${id}" is not a valid ${expectedType ?? 'global'} id: expected COUNTRY:${expectedType ?? 'Type'}:local, e.g. "${example}".`,
      { id },
    );
  }
  return parsed;
}

/** The country that owns a record, from its global id. */
export function ownerOf(id: string): CountryCode {
  return parseGlobalId(id).country;
}

/** Whether `id` is a well-formed global id of an organisation of `country` (e.g. "SE:Organisation:nsp"). */
export function isOrganisationOf(id: string, country: string): boolean {
  const parsed = tryParseGlobalId(id);
  return parsed?.type === 'Organisation' && parsed.country === country;
}
