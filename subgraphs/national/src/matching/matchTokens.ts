import { createHmac } from 'node:crypto';
import { normaliseDocumentNumber, normaliseGivenNames, normaliseName } from './normalise';

/** The network's linkage key as one country holds it: the secret and its version (rotated yearly). */
export interface LinkageKey {
  readonly version: number;
  readonly secret: Buffer;
}

/** Token schemes of this implementation (values of the contract's `TokenScheme`). */
export const NAME_SCHEME = 'HMAC_SHA256_EXACT_V1';
export const DOCUMENT_SCHEME = 'HMAC_SHA256_TRAVEL_DOCUMENT_V1';
export type MatchScheme = typeof NAME_SCHEME | typeof DOCUMENT_SCHEME;

/** What a token is computed from: the national-only identity and the case's citizenship. */
export interface IdentityFields {
  familyName: string;
  givenNames: string;
  /** `YYYY-MM`, or null when unknown. */
  birthYearMonth: string | null;
  travelDocumentNumber: string | null;
  /** ISO 3166-1 alpha-2 codes (any order); empty when unknown. */
  citizenship: readonly string[];
}

export interface MatchToken {
  scheme: MatchScheme;
  keyVersion: number;
  /** HMAC-SHA-256, lower-case hex (64 characters). */
  value: string;
}

/** Separates the fields of a token's message; normalised fields never contain it. */
const UNIT_SEPARATOR = '\u001f';

function hmac(key: LinkageKey, scheme: MatchScheme, fields: readonly string[]): MatchToken {
  // The scheme opens the message, so a name token can never equal a document token.
  const value = createHmac('sha256', key.secret)
    .update([scheme, ...fields].join(UNIT_SEPARATOR), 'utf8')
    .digest('hex');
  return { scheme, keyVersion: key.version, value };
}

/**
 * The match tokens of one person (DOMAIN §4.4, v1): `HMAC_SHA256_EXACT_V1` over the normalised family
 * name ‖ given names ‖ birth year-month ‖ citizenship, and `HMAC_SHA256_TRAVEL_DOCUMENT_V1` over the
 * normalised travel-document number. A token is left out when a field it needs is unknown (a name
 * token without birth month or citizenship would match too many people to be a duplicate check).
 */
export function matchTokensOf(identity: IdentityFields, key: LinkageKey): MatchToken[] {
  const tokens: MatchToken[] = [];
  const family = normaliseName(identity.familyName);
  const given = normaliseGivenNames(identity.givenNames);
  const citizenship = [...new Set(identity.citizenship.map((c) => c.toUpperCase()))].sort().join(',');
  if (family && given && identity.birthYearMonth && citizenship) {
    tokens.push(hmac(key, NAME_SCHEME, [family, given, identity.birthYearMonth, citizenship]));
  }
  const document = identity.travelDocumentNumber
    ? normaliseDocumentNumber(identity.travelDocumentNumber)
    : '';
  if (document) tokens.push(hmac(key, DOCUMENT_SCHEME, [document]));
  return tokens;
}
