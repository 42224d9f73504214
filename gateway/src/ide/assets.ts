import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';
import { IDE_STYLESHEET, START_SCRIPT } from './browserStart';

/** Where the IDE's assets are served, below the router's mount point. */
export const ASSET_PREFIX = '/ide/assets';

const JAVASCRIPT = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const GRAPHQL_SDL = 'text/plain; charset=utf-8';

/** A file the IDE serves: the only files it serves, held in memory from start-up. */
export interface IdeAsset {
  /** File name below ASSET_PREFIX. */
  name: string;
  contentType: string;
  body: Buffer;
  /** Content hash: the `?v=` of the page's URLs and the ETag. */
  version: string;
  gzipped?: Buffer;
}

/**
 * The package files the browser needs, from node_modules (never from a CDN): GraphiQL's UMD build and
 * the React 18 UMD builds it expects as the globals `React` and `ReactDOM`. Listed in load order.
 */
const PACKAGE_FILES = [
  { name: 'react.production.min.js', packageName: 'react', file: 'umd/react.production.min.js' },
  { name: 'react-dom.production.min.js', packageName: 'react-dom', file: 'umd/react-dom.production.min.js' },
  { name: 'graphiql.min.js', packageName: 'graphiql', file: 'graphiql.min.js' },
  { name: 'graphiql.min.css', packageName: 'graphiql', file: 'graphiql.min.css' },
] as const;

export const SCRIPTS = [
  'react.production.min.js',
  'react-dom.production.min.js',
  'graphiql.min.js',
  'ide-signin.js',
  'start.js',
];

/** The IDE's sign-in script, bundled with the dashboard by `npm run build` (gateway/dashboard/ideSignInBundle.ts). */
const SIGN_IN_SCRIPT = path.join(__dirname, '..', 'dashboard', 'assets', 'ide-signin.js');
export const STYLESHEETS = ['graphiql.min.css', 'ide.css'];
export const SCHEMA_ASSET = 'schema.graphql';

function contentTypeOf(name: string): string {
  if (name.endsWith('.js')) return JAVASCRIPT;
  if (name.endsWith('.css')) return CSS;
  return GRAPHQL_SDL;
}

export function asset(name: string, body: Buffer): IdeAsset {
  const version = createHash('sha256').update(body).digest('base64url').slice(0, 16);
  return { name, contentType: contentTypeOf(name), body, version };
}

/**
 * Resolves through each package's `package.json` (the packages' `exports` maps do not expose their UMD
 * files), so the files come from the same node_modules the gateway runs with.
 */
function readPackageFile(packageName: string, file: string): Buffer {
  const packageRoot = path.dirname(require.resolve(`${packageName}/package.json`));
  return readFileSync(path.join(packageRoot, file));
}

/** Loads every asset once; fails at start-up, not on a user's first visit, when a package is missing. */
export function loadIdeAssets(schemaSdl?: string): Map<string, IdeAsset> {
  const assets = new Map<string, IdeAsset>();
  for (const { name, packageName, file } of PACKAGE_FILES) {
    assets.set(name, asset(name, readPackageFile(packageName, file)));
  }
  if (!existsSync(SIGN_IN_SCRIPT))
    throw new Error(`IDE asset ${SIGN_IN_SCRIPT} is missing: run \`npm run build\``);
  assets.set('ide-signin.js', asset('ide-signin.js', readFileSync(SIGN_IN_SCRIPT)));
  assets.set('start.js', asset('start.js', Buffer.from(START_SCRIPT, 'utf8')));
  assets.set('ide.css', asset('ide.css', Buffer.from(IDE_STYLESHEET, 'utf8')));
  if (schemaSdl !== undefined) assets.set(SCHEMA_ASSET, asset(SCHEMA_ASSET, Buffer.from(schemaSdl, 'utf8')));
  return assets;
}

export function assetUrl(baseUrl: string, file: IdeAsset): string {
  return `${baseUrl}${ASSET_PREFIX}/${file.name}?v=${file.version}`;
}

function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

/**
 * Serves one allow-listed asset. The page links each asset with `?v=<content hash>`, so a request
 * carrying the current hash may be cached for a year; any other request revalidates by ETag.
 */
export function sendAsset(req: Request, res: Response, file: IdeAsset): void {
  const etag = `"${file.version}"`;
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('ETag', etag);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader(
    'Cache-Control',
    req.query.v === file.version
      ? 'public, max-age=31536000, immutable'
      : 'public, max-age=0, must-revalidate',
  );
  if (matchesEtag(req.headers['if-none-match'], etag)) {
    res.status(304).end();
    return;
  }
  let body = file.body;
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    file.gzipped ??= gzipSync(file.body);
    body = file.gzipped;
    res.setHeader('Content-Encoding', 'gzip');
  }
  res.setHeader('Content-Length', String(body.length));
  res.status(200).end(body);
}
