import { decodeJwt } from 'jose';

/**
 * When the bearer token of an `Authorization` header expires (its `exp`), for a long-lived stream that
 * must end with it; null when there is none to read. Read only after the token has been verified.
 */
export function bearerExpiry(authorization: string | null | undefined): Date | null {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
  if (!token) return null;
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? new Date(exp * 1000) : null;
  } catch {
    return null;
  }
}
