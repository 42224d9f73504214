/**
 * The analyst's bearer token, in this page's memory only: never in localStorage or sessionStorage,
 * where any script of the gateway's origin could read it later. Reloading the page asks for it again.
 */
let token: string | null = null;

/** A JWT's shape: three base64url parts (the gateway verifies the rest). */
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export type FragmentResult = 'none' | 'taken' | 'malformed';

/**
 * Takes the token from the URL fragment (`#token=…`, what `npm start` prints; a fragment never reaches
 * a server or its logs) and removes the fragment from the address bar and this history entry at once,
 * whatever it held. A fragment that holds no readable token is `malformed`: the page says so.
 */
export function takeTokenFromFragment(): FragmentResult {
  const fragment = window.location.hash;
  if (fragment === '' || fragment === '#') return 'none';
  history.replaceState(null, '', window.location.pathname + window.location.search);
  const match = /(?:^#|&)token=([^&]*)/.exec(fragment);
  let value = '';
  try {
    value = decodeURIComponent(match?.[1] ?? '').trim();
  } catch {
    return 'malformed';
  }
  if (!JWT.test(value)) return 'malformed';
  token = value;
  return 'taken';
}

export function currentToken(): string | null {
  return token;
}

export function saveToken(value: string): void {
  const trimmed = value.trim().replace(/^Bearer\s+/i, '');
  token = trimmed || null;
}
