import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { BearerVerifier, loadAuthSettings } from '../../subgraphs/common/src/auth';
import { authEnvironment } from '../support/auth';
import { postGraphql } from '../support/graphql';
import { signInThroughProvider } from '../support/oidcSignIn';
import {
  type RunningProcess,
  type SmallNetwork,
  startFinlandBehindGateway,
  startProcess,
  tempDir,
} from '../support/services';

/**
 * The local network's OpenID Connect providers issue tokens that the network's real JWT verification
 * accepts for their own country only: each issuer has its own key, published at its jwks_uri, which the
 * services fetch as they would a real identity provider's.
 */
describe('development OpenID Connect providers', () => {
  const dir = tempDir('oidc');
  let providers: RunningProcess;
  let small: SmallNetwork;
  let fi: string;
  let se: string;

  /** Every service trusts the test issuers and the two providers, each with its own key set URL. */
  function trustingProviders(countries: string[]): Record<string, string> {
    const base = authEnvironment();
    const issuers = countries.map((c) => [c, `${providers.url}/${c.toLowerCase()}`] as const);
    return {
      ...base,
      AUTH_ISSUERS: [base.AUTH_ISSUERS, ...issuers.map(([c, i]) => `${c}=${i}`)].join(','),
      AUTH_ISSUER_JWKS: [base.AUTH_ISSUER_JWKS, ...issuers.map(([, i]) => `${i}=${i}/jwks`)].join(','),
    };
  }

  beforeAll(async () => {
    providers = await startProcess('subgraphs/common/dist/auth/devIdentityProvider/main.js', [
      ...['--port', '0', '--countries', 'FI,SE', '--keys', join(dir, 'keys')],
    ]);
    fi = `${providers.url}/fi`;
    se = `${providers.url}/se`;
    small = await startFinlandBehindGateway(dir, { env: trustingProviders(['FI', 'SE']) });
  });

  afterAll(async () => {
    await small?.stop();
    await providers?.stop();
  });

  const CASES = '{ cases(countries: [FI], first: 2) { country nodes { id } } }';

  it('issues a coordinator token with the claims the network verifies, which reads cases through the gateway and at the service', async () => {
    const { accessToken, expiresIn } = await signInThroughProvider(fi, { roles: ['NATIONAL_COORDINATOR'] });
    expect(decodeJwt(accessToken)).toMatchObject({
      iss: fi,
      aud: 'nordic-thb-network',
      sub: 'fi-national_coordinator-dev',
      country: 'FI',
      roles: ['NATIONAL_COORDINATOR'],
    });
    expect(expiresIn).toBeGreaterThan(0);
    for (const url of [`${small.gateway.url}/graphql`, `${small.finland.url}/graphql`]) {
      const answer = await postGraphql(url, CASES, {}, { token: accessToken });
      expect(answer.errors).toBeUndefined();
      const cases = (answer.data as { cases: { nodes: unknown[] }[] }).cases;
      expect(cases[0]?.nodes.length).toBeGreaterThan(0);
    }
  });

  it("a caseworker's token carries the organisation; the login page refuses a caseworker without one, naming the fix", async () => {
    await expect(signInThroughProvider(fi, { roles: ['ASSISTANCE_CASEWORKER'] })).rejects.toThrow(
      /ASSISTANCE_CASEWORKER sees only its organisation's cases: choose the organisation \(FI:Organisation:nas\)/,
    );
    await expect(
      signInThroughProvider(fi, { roles: ['ASSISTANCE_CASEWORKER'], org: 'SE:Organisation:nsp' }),
    ).rejects.toThrow(/must be one of FI's/);
    const { accessToken } = await signInThroughProvider(fi, {
      roles: ['ASSISTANCE_CASEWORKER'],
      org: 'FI:Organisation:nas',
    });
    expect(decodeJwt(accessToken)).toMatchObject({
      org: 'FI:Organisation:nas',
      sub: 'fi-assistance_caseworker@nas-dev',
    });
  });

  it('a refresh token gives a new access token with the same claims, which the service accepts', async () => {
    const signedIn = await signInThroughProvider(fi, { roles: ['ANALYST'] });
    const discovery = (await (await fetch(`${fi}/.well-known/openid-configuration`)).json()) as {
      token_endpoint: string;
    };
    const response = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: signedIn.refreshToken as string,
        client_id: 'nordic-network',
      }).toString(),
    });
    const body = (await response.json()) as { access_token: string };
    expect(response.status).toBe(200);
    expect(body.access_token).not.toBe(signedIn.accessToken);
    expect(decodeJwt(body.access_token)).toMatchObject({ roles: ['ANALYST'], country: 'FI', iss: fi });
    const answer = await postGraphql(
      `${small.finland.url}/graphql`,
      '{ __typename }',
      {},
      { token: body.access_token },
    );
    expect(answer.errors).toBeUndefined();
  });

  it("Sweden's provider's coordinator is not Finland's: Finland's service refuses its reads of Finnish cases", async () => {
    const { accessToken } = await signInThroughProvider(se, { roles: ['NATIONAL_COORDINATOR'] });
    expect(decodeJwt(accessToken)).toMatchObject({ iss: se, country: 'SE' });
    const answer = await postGraphql(`${small.finland.url}/graphql`, CASES, {}, { token: accessToken });
    expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(answer.data ?? null)).not.toMatch(/"id"/);
  });

  it("a Finnish provider's token relabelled as Sweden's issuer does not verify (it is signed with Finland's key)", async () => {
    const { accessToken } = await signInThroughProvider(fi, { roles: ['NATIONAL_COORDINATOR'] });
    const [header, payload, signature] = accessToken.split('.') as [string, string, string];
    const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), iss: se, country: 'SE' };
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    for (const url of [`${small.gateway.url}/graphql`, `${small.finland.url}/graphql`]) {
      const answer = await postGraphql(url, CASES, {}, { token: forged });
      expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(answer.errors?.[0]?.message).toMatch(new RegExp(`does not publish|does not verify`));
    }
  });

  it("a service that trusts only Sweden's provider refuses Finland's provider's token (real verification, keys fetched from jwks_uri)", async () => {
    const { accessToken: finnish } = await signInThroughProvider(fi, { roles: ['NATIONAL_COORDINATOR'] });
    const { accessToken: swedish } = await signInThroughProvider(se, { roles: ['NATIONAL_COORDINATOR'] });
    const verifier = await BearerVerifier.start(
      loadAuthSettings({ AUTH_ISSUERS: `SE=${se}`, AUTH_ISSUER_JWKS: `${se}=${se}/jwks` }),
    );
    await expect(verifier.verify(`Bearer ${swedish}`)).resolves.toMatchObject({ country: 'SE', issuer: se });
    await expect(verifier.verify(`Bearer ${finnish}`)).rejects.toThrow(/issuer this network does not trust/);
  });
});
