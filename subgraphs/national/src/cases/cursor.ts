import { createHash } from 'node:crypto';
import { type ConnectedCountry, ErrorCode, contractError } from '@nordic/schema';
import type { CaseQuery } from '@nordic/schema';

/** Position after which the next page starts, in the newest-first order (openedMonth DESC, seq DESC). */
export interface CasePosition {
  openedMonth: string;
  seq: number;
}

interface CursorBody {
  c: ConnectedCountry;
  f: string;
  m: string;
  s: number;
}

/** A short digest of the filter, so that a cursor is not replayed against a different query. */
export function filterDigest(query: CaseQuery): string {
  const canonical = JSON.stringify(
    Object.entries(query)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 12);
}

export function encodeCursor(country: ConnectedCountry, query: CaseQuery, position: CasePosition): string {
  const body: CursorBody = { c: country, f: filterDigest(query), m: position.openedMonth, s: position.seq };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** Decodes a cursor this country issued for this filter; anything else is INVALID_CURSOR. */
export function decodeCursor(country: ConnectedCountry, query: CaseQuery, cursor: string): CasePosition {
  let body: Partial<CursorBody> | null = null;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody>;
  } catch {
    body = null;
  }
  const invalid = (why: string) =>
    contractError(ErrorCode.INVALID_CURSOR, `The cursor "${cursor.slice(0, 40)}" ${why}.`, {
      argument: 'after',
    });
  if (!body || typeof body !== 'object' || typeof body.m !== 'string' || typeof body.s !== 'number') {
    throw invalid('is not a cursor issued by this network; pass an endCursor exactly as you received it');
  }
  if (body.c !== country) {
    throw invalid(
      `was issued by ${String(body.c)}, not ${country}; page one country at a time with countries: [${String(body.c)}]`,
    );
  }
  if (body.f !== filterDigest(query)) {
    throw invalid('was issued for a different filter; keep the filter unchanged while paging');
  }
  return { openedMonth: body.m, seq: body.s };
}
