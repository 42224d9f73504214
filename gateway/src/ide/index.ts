import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { Purpose } from '@nordic/schema';
import { type SignInCountry, issuerOrigins } from '../signIn/signInCountries';
import { ASSET_PREFIX, loadIdeAssets, sendAsset } from './assets';
import { IDE_EXAMPLES } from './examples';
import { contentSecurityPolicy, idePage } from './page';

export { IDE_EXAMPLES, type IdeExample } from './examples';

export interface IdeOptions {
  /** GraphQL endpoint path the IDE talks to, e.g. '/graphql' (an absolute http(s) URL also works). */
  endpoint: string;
  /** Page title and the name in the IDE's logo corner. */
  title?: string;
  /**
   * The API schema as SDL (graphql-js `printSchema` of the gateway's API schema). When given, the IDE
   * reads the schema from the gateway's own asset instead of introspecting the endpoint, so docs and
   * completion work where introspection is switched off.
   */
  schemaSdl?: string;
  /** Where each country's users sign in (none: the Headers tab only). */
  signIn?: readonly SignInCountry[];
}

const DEFAULT_TITLE = 'Nordic anti-trafficking network';

/** The endpoint's origin when it is an absolute URL (for connect-src); null for a path on this origin. */
function endpointOriginOf(endpoint: string): string | null {
  if (endpoint.startsWith('/') && !endpoint.startsWith('//')) return null;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`IDE endpoint must be a path such as '/graphql' or an http(s) URL, got '${endpoint}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`IDE endpoint must be a path or an http(s) URL, got '${endpoint}'`);
  }
  return url.origin;
}

/**
 * A GraphiQL IDE that works offline: `GET /` serves the page, `GET /ide/assets/<file>` an explicit
 * allow-list of files read from node_modules at start-up (GraphiQL's and React's UMD builds) plus the
 * IDE's own start script and stylesheet. Nothing is fetched from a CDN.
 */
export function ideRouter(options: IdeOptions): Router {
  const endpointOrigin = endpointOriginOf(options.endpoint);
  const assets = loadIdeAssets(options.schemaSdl);
  const settings = {
    title: options.title ?? DEFAULT_TITLE,
    endpoint: options.endpoint,
    endpointOrigin,
    examples: IDE_EXAMPLES,
    assets,
    signIn: options.signIn ?? [],
    purposes: Object.values(Purpose) as string[],
  };
  const connectOrigins = [endpointOrigin, ...issuerOrigins(options.signIn ?? [])].filter(
    (o): o is string => o !== null,
  );
  const router = Router();

  router.get('/', (req: Request, res: Response) => {
    const styleNonce = randomBytes(16).toString('base64');
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(connectOrigins, styleNonce));
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.status(200).send(idePage(settings, req.baseUrl, styleNonce));
  });

  router.get(`${ASSET_PREFIX}/:name`, (req: Request, res: Response) => {
    const file = assets.get(String(req.params.name));
    if (!file) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    sendAsset(req, res, file);
  });

  // Everything else under the asset prefix is outside the allow-list.
  router.use(ASSET_PREFIX, (_req: Request, res: Response) => {
    res.status(404).type('text/plain').send('Not found');
  });

  return router;
}
