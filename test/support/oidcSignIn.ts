import { createHash, randomBytes } from 'node:crypto';

/** A browser's cookie jar for one origin, enough to follow a sign-in through the provider. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';') as [string];
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface SignInChoice {
  roles: string[];
  org?: string;
}

export interface SignedIn {
  accessToken: string;
  refreshToken: string | undefined;
  expiresIn: number;
}

/**
 * Signs in through a development OpenID Connect provider as a program would, over real HTTP: the
 * authorization request with PKCE (S256), the login page's form, the redirect with the code, and the
 * code exchanged for tokens at the token endpoint. For tests of what the provider issues; the browser
 * tests sign in through the pages themselves.
 */
export async function signInThroughProvider(
  issuer: string,
  choice: SignInChoice,
  clientId = 'nordic-network',
  redirectUri = 'http://127.0.0.1:9/',
): Promise<SignedIn> {
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as {
    authorization_endpoint: string;
    token_endpoint: string;
  };
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(8).toString('hex');
  const jar = new CookieJar();
  const authorize = new URL(discovery.authorization_endpoint);
  for (const [k, v] of Object.entries({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid network',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    prompt: 'login',
  }))
    authorize.searchParams.set(k, v);
  const follow = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const response = await fetch(new URL(url, issuer), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.take(response);
    return response;
  };
  let response = await follow(authorize.toString());
  const interaction = response.headers.get('location');
  if (!interaction) throw new Error(`no login page: ${response.status} ${await response.text()}`);
  const page = await (await follow(interaction)).text();
  const action = /<form method="post" action="([^"]+\/login)"/.exec(page)?.[1];
  if (!action) throw new Error(`no login form: ${page}`);
  const form = new URLSearchParams();
  for (const role of choice.roles) form.append('role', role);
  form.set('org', choice.org ?? '');
  response = await follow(action, {
    method: 'POST',
    body: form.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (response.status === 400)
    throw new Error((/role="alert">([^<]+)</.exec(await response.text()) ?? [])[1]?.replace(/&#39;/g, "'"));
  let location = response.headers.get('location');
  while (location && !location.startsWith(redirectUri)) {
    response = await follow(location);
    location = response.headers.get('location');
  }
  if (!location) throw new Error(`no redirect back: ${response.status} ${await response.text()}`);
  const back = new URL(location);
  if (back.searchParams.get('state') !== state) throw new Error(`state mismatch: ${location}`);
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`no code: ${location}`);
  const tokens = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: clientId,
      code_verifier: verifier,
    }).toString(),
  });
  const body = (await tokens.json()) as Record<string, unknown>;
  if (!tokens.ok) throw new Error(`token endpoint: ${JSON.stringify(body)}`);
  return {
    accessToken: body.access_token as string,
    refreshToken: body.refresh_token as string | undefined,
    expiresIn: body.expires_in as number,
  };
}
