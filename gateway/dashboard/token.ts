const STORAGE_KEY = 'nordic-dashboard:token';

/**
 * The analyst's bearer token: taken once from the URL fragment (`#token=…`, what `npm start` prints;
 * a fragment never reaches a server or its logs), then kept in sessionStorage for this tab only.
 */
export function takeTokenFromFragment(): void {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (!match) return;
  saveToken(decodeURIComponent(match[1] as string));
  history.replaceState(null, '', window.location.pathname + window.location.search);
}

export function currentToken(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function saveToken(token: string): void {
  const trimmed = token.trim().replace(/^Bearer\s+/i, '');
  if (trimmed) sessionStorage.setItem(STORAGE_KEY, trimmed);
  else sessionStorage.removeItem(STORAGE_KEY);
}
