import type { CaseQuery, ConnectedCountry } from '@nordic/schema';
import { decodePageCursor, encodePageCursor } from '../pageCursor';

/** Position after which the next page starts, in the newest-first order (openedMonth DESC, seq DESC). */
export interface CasePosition {
  openedMonth: string;
  seq: number;
}

function isCasePosition(p: unknown): p is CasePosition {
  const position = p as Partial<CasePosition> | null;
  return !!position && typeof position.openedMonth === 'string' && Number.isInteger(position.seq);
}

export function encodeCursor(country: ConnectedCountry, query: CaseQuery, position: CasePosition): string {
  return encodePageCursor(`cases:${country}`, query, {
    openedMonth: position.openedMonth,
    seq: position.seq,
  });
}

/** Decodes a cursor this country issued for this filter; anything else is INVALID_CURSOR. */
export function decodeCursor(country: ConnectedCountry, query: CaseQuery, cursor: string): CasePosition {
  return decodePageCursor(cursor, query, {
    kind: `cases:${country}`,
    isPosition: isCasePosition,
    otherKind: (kind) => {
      const issuer = kind.startsWith('cases:') ? kind.slice('cases:'.length) : null;
      return issuer
        ? `was issued by ${issuer}, not ${country}; page one country at a time with countries: [${issuer}]`
        : null;
    },
  });
}
