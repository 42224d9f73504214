import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import type Provider from 'oidc-provider';
import { DevAccountError, accountId, chooseAccount } from './devAccounts';
import { countryProvider } from './countryProvider';
import { LOGIN_PAGE_CSP, loginPage } from './loginPage';

export interface DevIdentityProvidersOptions {
  countries: readonly string[];
  keyDir: string;
  host?: string;
  /** 0: any free port. */
  port?: number;
  accessTokenTtlSeconds?: number;
}

export interface RunningDevIdentityProviders {
  /** http://host:port */
  url: string;
  /** Each country's issuer: `<url>/<cc>`. */
  issuers: Map<string, string>;
  close(): Promise<void>;
}

/** The issuer of `country`'s development provider served at `origin`. */
export function devOidcIssuer(origin: string, country: string): string {
  return `${origin}/${country.toLowerCase()}`;
}

function sendPage(res: Response, status: number, html: string): void {
  res.status(status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Security-Policy', LOGIN_PAGE_CSP);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Frame-Options', 'DENY');
  res.send(html);
}

/** The form's roles: one checkbox value or several. */
function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? [value] : [];
}

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

/**
 * The dashboard and the IDE are the network's own applications: what they ask for is granted without
 * a consent screen (oidc-provider asks a native client's user each time unless the grant is made here).
 */
async function grantConsent(
  provider: Provider,
  req: Request,
  res: Response,
  details: Interaction,
): Promise<void> {
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({
        accountId: details.session?.accountId,
        clientId: String(details.params.client_id),
      });
  if (!grant) throw new Error('the interaction names a grant that does not exist');
  const missing = details.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {}))
    grant.addResourceScope(resource, scopes.join(' '));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

/** The login page and its two answers, for one country's provider. */
function interactionRoutes(app: express.Express, country: string, base: string, provider: Provider): void {
  const form = express.urlencoded({ extended: false, limit: '8kb' });
  const page = (
    uid: string,
    client: string,
    extra: { chosen?: { roles: string[]; organisation: string }; error?: string },
  ) =>
    loginPage({
      country,
      action: `${base}/interaction/${uid}/login`,
      abortAction: `${base}/interaction/${uid}/abort`,
      client,
      ...extra,
    });

  app.get(`${base}/interaction/:uid`, async (req: Request, res: Response) => {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'consent') {
      await grantConsent(provider, req, res, details);
      return;
    }
    sendPage(res, 200, page(details.uid, String(details.params.client_id), {}));
  });

  app.post(`${base}/interaction/:uid/login`, form, async (req: Request, res: Response) => {
    const details = await provider.interactionDetails(req, res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const roles = listOf(body.role);
    const organisation = typeof body.org === 'string' ? body.org : '';
    let id: string;
    try {
      id = accountId(chooseAccount(country, roles, organisation));
    } catch (error) {
      if (!(error instanceof DevAccountError)) throw error;
      sendPage(
        res,
        400,
        page(details.uid, String(details.params.client_id), {
          chosen: { roles, organisation },
          error: error.message,
        }),
      );
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: id } },
      { mergeWithLastSubmission: false },
    );
  });

  app.post(`${base}/interaction/:uid/abort`, async (req: Request, res: Response) => {
    await provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'The sign-in was cancelled.' },
      { mergeWithLastSubmission: false },
    );
  });
}

/**
 * The local network's development identity providers, one OpenID Connect provider per country on one
 * port: `<url>/fi`, `<url>/se`, … (each its own issuer, keys and login page). For `npm start` and the
 * tests; a deployment uses each country's own identity provider instead (docs/operators.md).
 */
export async function startDevIdentityProviders(
  options: DevIdentityProvidersOptions,
): Promise<RunningDevIdentityProviders> {
  const app = express();
  app.disable('x-powered-by');
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(options.port ?? 0, options.host ?? '127.0.0.1', (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const issuers = new Map<string, string>();
  for (const country of options.countries) {
    const issuer = devOidcIssuer(origin, country);
    const base = new URL(issuer).pathname;
    const provider = await countryProvider({
      country,
      issuer,
      keyDir: options.keyDir,
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 900,
    });
    interactionRoutes(app, country, base, provider);
    app.use(base, provider.callback());
    issuers.set(country, issuer);
  }
  app.get('/', (_req: Request, res: Response) => {
    res.json({
      description: "The local network's development OpenID Connect providers, one per country.",
      issuers: Object.fromEntries(issuers),
    });
  });
  return {
    url: origin,
    issuers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
