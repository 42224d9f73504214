import * as oauth from 'oauth4webapi';

/**
 * Sign-in with OpenID Connect for the dashboard and the IDE: the authorization-code flow with PKCE
 * (S256) against the user's own country's identity provider, found by discovery (`oauth4webapi`, no
 * hand-written protocol). The access token and the refresh token live in this page's memory only:
 * never in localStorage, sessionStorage or a URL. Only the PKCE verifier and the state survive the
 * redirect to the provider, in sessionStorage, and are removed when the provider answers. The token is
 * refreshed a minute before it expires; when it cannot be, the page asks the user to sign in again.
 */

/** A country's identity provider, as the gateway's configuration names it (no secret: a public client). */
export interface SignInCountry {
  country: string;
  issuer: string;
  clientId: string;
}

/** Who is signed in, as the access token says (the gateway and the services verify it). */
export interface Session {
  token: string;
  subject: string;
  country: string;
  roles: string[];
  organisation: string | null;
  expiresAt: Date;
}

export type SignInEvent =
  | { kind: 'signed-in'; session: Session }
  | { kind: 'signed-out' }
  | { kind: 'expired' }
  | { kind: 'failed'; reason: string };

/** The scopes asked for: OpenID Connect and the network's API. */
const SCOPE = 'openid network';
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;
const PENDING_KEY = 'nordic-sign-in:pending';

interface Pending {
  country: string;
  verifier: string;
  state: string;
}

/** Plain http only to a provider on this machine (the local network's); anywhere else, https. */
function insecureAllowed(issuer: URL): boolean {
  return issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
}

function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  const bytes = Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

function sessionOf(token: string, expiresIn: number | undefined): Session {
  const claims = claimsOf(token);
  const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : Date.now() + (expiresIn ?? 300) * 1000;
  return {
    token,
    subject: String(claims.sub ?? ''),
    country: String(claims.country ?? ''),
    roles: Array.isArray(claims.roles) ? claims.roles.map(String) : [],
    organisation: typeof claims.org === 'string' ? claims.org : null,
    expiresAt: new Date(exp),
  };
}

export class SignIn {
  private current: Session | null = null;
  private refreshToken: string | null = null;
  private provider: { as: oauth.AuthorizationServer; client: oauth.Client; options: object } | null = null;
  private timer: number | undefined;

  /**
   * `redirectPath`: this page's path, where the provider sends the user back (registered with it);
   * `onChange` hears every sign-in, refresh, sign-out, expiry and failure.
   */
  constructor(
    readonly countries: readonly SignInCountry[],
    private readonly redirectPath: string,
    private readonly onChange: (event: SignInEvent) => void,
  ) {}

  session(): Session | null {
    return this.current;
  }

  token(): string | null {
    return this.current?.token ?? null;
  }

  private redirectUri(): string {
    return `${window.location.origin}${this.redirectPath}`;
  }

  private async discover(country: string): Promise<NonNullable<SignIn['provider']>> {
    const entry = this.countries.find((c) => c.country === country);
    if (!entry) throw new Error(`no identity provider is configured for ${country}`);
    const issuer = new URL(entry.issuer);
    const options = { [oauth.allowInsecureRequests]: insecureAllowed(issuer) };
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, options));
    return { as, client: { client_id: entry.clientId }, options };
  }

  /** Sends the browser to `country`'s identity provider (the page unloads). */
  async start(country: string): Promise<void> {
    const { as, client } = await this.discover(country);
    if (!as.authorization_endpoint) throw new Error(`${as.issuer} names no authorization endpoint`);
    const pending: Pending = {
      country,
      verifier: oauth.generateRandomCodeVerifier(),
      state: oauth.generateRandomState(),
    };
    sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
    const url = new URL(as.authorization_endpoint);
    url.searchParams.set('client_id', client.client_id);
    url.searchParams.set('redirect_uri', this.redirectUri());
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', SCOPE);
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(pending.verifier));
    url.searchParams.set('code_challenge_method', 'S256');
    url.searchParams.set('state', pending.state);
    // Each sign-in asks who the user is (on the local network: which roles), not the last answer again.
    url.searchParams.set('prompt', 'login');
    window.location.assign(url.toString());
  }

  /**
   * When the page was opened by the provider's redirect (`?code=…&state=…` or `?error=…`): removes the
   * answer from the address bar and this history entry at once, exchanges the code for tokens, and
   * reports the outcome. False when the page was opened otherwise.
   */
  async completeRedirect(): Promise<boolean> {
    const here = new URL(window.location.href);
    if (!here.searchParams.has('state') || !(here.searchParams.has('code') || here.searchParams.has('error')))
      return false;
    history.replaceState(null, '', window.location.pathname);
    const saved = sessionStorage.getItem(PENDING_KEY);
    sessionStorage.removeItem(PENDING_KEY);
    try {
      if (!saved) throw new Error('this browser tab did not start the sign-in; sign in again');
      const pending = JSON.parse(saved) as Pending;
      this.provider = await this.discover(pending.country);
      const { as, client, options } = this.provider;
      const params = oauth.validateAuthResponse(as, client, here, pending.state);
      const response = await oauth.authorizationCodeGrantRequest(
        as,
        client,
        oauth.None(),
        params,
        this.redirectUri(),
        pending.verifier,
        options,
      );
      this.accept(await oauth.processAuthorizationCodeResponse(as, client, response));
    } catch (error) {
      this.onChange({ kind: 'failed', reason: describe(error) });
    }
    return true;
  }

  /** A new access token from the refresh token (before the current one expires); false when none could be had. */
  async refresh(): Promise<boolean> {
    if (!this.provider || !this.refreshToken) {
      this.expire();
      return false;
    }
    const { as, client, options } = this.provider;
    try {
      const response = await oauth.refreshTokenGrantRequest(
        as,
        client,
        oauth.None(),
        this.refreshToken,
        options,
      );
      this.accept(await oauth.processRefreshTokenResponse(as, client, response));
      return true;
    } catch {
      this.expire();
      return false;
    }
  }

  /** Forgets the tokens and revokes the refresh token at the provider (best effort). */
  async signOut(): Promise<void> {
    const refreshToken = this.refreshToken;
    const provider = this.provider;
    this.clear();
    this.onChange({ kind: 'signed-out' });
    if (provider && refreshToken) {
      await oauth
        .revocationRequest(provider.as, provider.client, oauth.None(), refreshToken, provider.options)
        .catch(() => undefined);
    }
  }

  private accept(tokens: oauth.TokenEndpointResponse): void {
    this.current = sessionOf(tokens.access_token, tokens.expires_in);
    this.refreshToken = tokens.refresh_token ?? this.refreshToken;
    window.clearTimeout(this.timer);
    const wait = Math.max(0, this.current.expiresAt.getTime() - Date.now() - REFRESH_MARGIN_MS);
    this.timer = window.setTimeout(() => void this.refresh(), wait);
    this.onChange({ kind: 'signed-in', session: this.current });
  }

  private expire(): void {
    this.clear();
    this.onChange({ kind: 'expired' });
  }

  private clear(): void {
    window.clearTimeout(this.timer);
    this.current = null;
    this.refreshToken = null;
  }
}

function describe(error: unknown): string {
  if (error instanceof oauth.AuthorizationResponseError) return error.error_description ?? error.error;
  if (error instanceof oauth.ResponseBodyError) return error.error_description ?? error.error;
  return error instanceof Error ? error.message : String(error);
}
