import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Router, type Request, type Response } from 'express';
import { type IdeAsset, asset, sendAsset } from '../ide/assets';
import { type SignInCountry, issuerOrigins } from '../signIn/signInCountries';
import { dashboardContentSecurityPolicy, dashboardPage } from './page';

export interface DashboardOptions {
  /** The GraphQL endpoint the page reads: a path on this origin (default '/graphql') or an absolute URL. */
  endpoint: string;
  /** The country status the page shows: a path on this origin (default '/status') or an absolute URL. */
  statusUrl: string;
  /** First year offered in the filters. */
  firstYear?: number;
  /** Where each country's users sign in (none: the page offers only pasting a token). */
  signIn?: readonly SignInCountry[];
}

const ASSET_FILES = ['dashboard.js', 'styles.css'] as const;
const ASSET_DIR = path.join(__dirname, 'assets');

function originOf(url: string): string | null {
  return /^https?:\/\//.test(url) ? new URL(url).origin : null;
}

/** Reads the bundle once at start: a gateway without it fails at start, not on a user's first visit. */
function loadDashboardAssets(): Map<string, IdeAsset> {
  const assets = new Map<string, IdeAsset>();
  for (const name of ASSET_FILES) {
    const file = path.join(ASSET_DIR, name);
    if (!existsSync(file)) throw new Error(`dashboard asset ${file} is missing: run \`npm run build\``);
    assets.set(name, asset(name, readFileSync(file)));
  }
  return assets;
}

/**
 * The dashboard's settings from the environment: `GATEWAY_DASHBOARD=false` switches it off;
 * `DASHBOARD_GRAPHQL_URL` and `DASHBOARD_STATUS_URL` point it at another gateway (default: this one).
 */
export function dashboardOptionsFromEnv(env: NodeJS.ProcessEnv): DashboardOptions | null {
  if (env.GATEWAY_DASHBOARD === 'false') return null;
  return {
    endpoint: env.DASHBOARD_GRAPHQL_URL || '/graphql',
    statusUrl: env.DASHBOARD_STATUS_URL || '/status',
  };
}

/**
 * The Nordic dashboard at `/dashboard`: one page and its bundled script and stylesheet (ECharts
 * included), all served by the gateway. The page is a plain client of the public API: it holds no
 * data and no token; the browser asks `/graphql` with the analyst's own token.
 */
export function dashboardRouter(options: DashboardOptions): Router {
  const assets = loadDashboardAssets();
  const url = (name: string) => {
    const file = assets.get(name) as IdeAsset;
    return `/dashboard/assets/${file.name}?v=${file.version}`;
  };
  const settings = {
    endpoint: options.endpoint,
    statusUrl: options.statusUrl,
    firstYear: options.firstYear ?? 2015,
    signIn: options.signIn ?? [],
  };
  const apiOrigins = [
    ...[originOf(options.endpoint), originOf(options.statusUrl)].filter((o): o is string => o !== null),
    ...issuerOrigins(options.signIn ?? []),
  ];
  const html = dashboardPage(settings, url('dashboard.js'), url('styles.css'));
  const router = Router();

  router.get('/dashboard', (_req: Request, res: Response) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Security-Policy', dashboardContentSecurityPolicy(apiOrigins));
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.status(200).send(html);
  });

  router.get('/dashboard/assets/:name', (req: Request, res: Response) => {
    const file = assets.get(String(req.params.name));
    if (!file) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    sendAsset(req, res, file);
  });

  return router;
}
