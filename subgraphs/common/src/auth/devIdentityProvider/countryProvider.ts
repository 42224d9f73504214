import { randomBytes } from 'node:crypto';
import Provider, { type Configuration } from 'oidc-provider';
import { NETWORK_AUDIENCE } from '../authSettings';
import { ensureOidcSigningKey } from './oidcKeys';
import { accountOf } from './devAccounts';

/**
 * The resource (RFC 8707) the providers issue access tokens for: the network's API. Tokens carry the
 * network's audience (`nordic-thb-network`), which is what every service checks.
 */
export const NETWORK_RESOURCE = 'urn:nordic-thb:network';

/** The scope of an access token for the network. */
export const NETWORK_SCOPE = 'network';

/**
 * The public client of the local network: the dashboard (/dashboard) and the IDE (/) of any gateway on
 * this machine, one client id per country's provider as the gateway's configuration names it.
 * Native (RFC 8252) loopback clients, so a redirect to http://127.0.0.1 on any port is allowed, as the
 * tests' gateways run on free ports; public (no secret: code flow with PKCE, S256).
 */
export const DEV_CLIENT = { clientId: 'nordic-network', redirectPaths: ['/dashboard', '/'] } as const;

export interface CountryProviderOptions {
  country: string;
  /** The issuer: this provider's base URL, e.g. http://127.0.0.1:4002/fi. */
  issuer: string;
  /** Where the signing keys are kept (./data/dev-auth). */
  keyDir: string;
  /** Lifetime of an access token in seconds (default 15 minutes). */
  accessTokenTtlSeconds: number;
}

/** The gateway's pages may be opened as 127.0.0.1 or localhost, on any port. */
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost'];

const LOOPBACK_ORIGIN = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/**
 * One country's development OpenID Connect provider (`oidc-provider`): discovery, authorization code
 * with PKCE, refresh tokens (rotated), revocation, and JWT access tokens signed with the country's key
 * and carrying the claims the network verifies — `iss` this provider, `aud` the network, `sub`, `country`,
 * `roles`, `org` — from the account the developer chose on the login page.
 */
export async function countryProvider(options: CountryProviderOptions): Promise<Provider> {
  const { country } = options;
  const signingKey = await ensureOidcSigningKey(options.keyDir, country);
  const configuration: Configuration = {
    clients: [DEV_CLIENT].map((client) => ({
      client_id: client.clientId,
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      id_token_signed_response_alg: 'ES256',
      redirect_uris: LOOPBACK_HOSTS.flatMap((host) =>
        client.redirectPaths.map((path) => `http://${host}${path}`),
      ),
      post_logout_redirect_uris: LOOPBACK_HOSTS.flatMap((host) =>
        client.redirectPaths.map((path) => `http://${host}${path}`),
      ),
    })),
    jwks: { keys: [signingKey as never] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'offline_access'],
    claims: { openid: ['sub'] },
    findAccount: (_ctx, id) =>
      accountOf(country, id) ? { accountId: id, claims: () => ({ sub: id }) } : undefined,
    extraTokenClaims: (_ctx, token) => {
      if (!('accountId' in token)) return undefined;
      const account = accountOf(country, String(token.accountId));
      if (!account) return undefined;
      return {
        country: account.country,
        roles: account.roles,
        ...(account.organisation ? { org: account.organisation } : {}),
      };
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => NETWORK_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: NETWORK_SCOPE,
          audience: NETWORK_AUDIENCE,
          accessTokenTTL: options.accessTokenTtlSeconds,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
        }),
      },
    },
    // Refresh tokens for the browser clients without `offline_access`: the page keeps it in memory.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    // Browser clients of any local gateway (loopback, any port) may call the token endpoint.
    clientBasedCORS: (_ctx, origin) => LOOPBACK_ORIGIN.test(origin),
    interactions: {
      url: (_ctx, interaction) => `${new URL(options.issuer).pathname}/interaction/${interaction.uid}`,
    },
    ttl: {
      AccessToken: options.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      Grant: 8 * 3600,
      Session: 8 * 3600,
      RefreshToken: 8 * 3600,
    },
    pkce: { required: () => true },
    renderError: (ctx, out) => {
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `Sign-in failed: ${out.error}${out.error_description ? ` — ${out.error_description}` : ''}`;
    },
  };
  const provider = new Provider(options.issuer, configuration);
  provider.proxy = false;
  return provider;
}
