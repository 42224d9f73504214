import { createHash } from 'node:crypto';
import { ErrorCode, contractError } from '@nordic/schema';

/** A short digest of a filter (paging arguments excluded), so a cursor is not replayed against another query. */
export function filterDigest(filter: object): string {
  const canonical = JSON.stringify(
    Object.entries(filter)
      .filter(([key, v]) => v !== undefined && v !== null && key !== 'first' && key !== 'after')
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 12);
}

interface CursorBody<P> {
  k: string;
  f: string;
  p: P;
}

/**
 * Opaque keyset cursors shared by every paginated list of the service: a kind (which list, which
 * country), the filter's digest and the position after which the next page starts.
 */
export function encodePageCursor<P>(kind: string, filter: object, position: P): string {
  const body: CursorBody<P> = { k: kind, f: filterDigest(filter), p: position };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

export function invalidCursor(cursor: string, why: string) {
  return contractError(ErrorCode.INVALID_CURSOR, `The cursor "${cursor.slice(0, 40)}" ${why}.`, {
    argument: 'after',
  });
}

/** Decodes a cursor of this kind and filter; the kind check may explain a mismatch (e.g. another country's). */
export function decodePageCursor<P>(
  cursor: string,
  filter: object,
  expect: { kind: string; isPosition: (p: unknown) => p is P; otherKind?: (kind: string) => string | null },
): P {
  let body: Partial<CursorBody<unknown>> | null;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody<unknown>>;
  } catch {
    body = null;
  }
  if (!body || typeof body !== 'object' || typeof body.k !== 'string' || !expect.isPosition(body.p)) {
    throw invalidCursor(
      cursor,
      'is not a cursor issued by this network; pass an endCursor exactly as you received it',
    );
  }
  if (body.k !== expect.kind) {
    throw invalidCursor(
      cursor,
      expect.otherKind?.(body.k) ?? `belongs to another list (${body.k}), not ${expect.kind}`,
    );
  }
  if (body.f !== filterDigest(filter)) {
    throw invalidCursor(cursor, 'was issued for a different filter; keep the filter unchanged while paging');
  }
  return body.p;
}
