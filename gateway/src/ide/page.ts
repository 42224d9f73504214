import { SCHEMA_ASSET, SCRIPTS, STYLESHEETS, assetUrl, type IdeAsset } from './assets';
import type { IdeExample } from './examples';

export interface IdePageSettings {
  title: string;
  endpoint: string;
  /** Origin to allow in connect-src when the endpoint is on another origin. */
  endpointOrigin: string | null;
  examples: IdeExample[];
  assets: Map<string, IdeAsset>;
  /** Where each country's users sign in (the IDE's sign-in bar; none: the Headers tab only). */
  signIn: readonly { country: string; issuer: string; clientId: string }[];
  /** The purposes a user may declare (x-purpose). */
  purposes: readonly string[];
}

/**
 * Scripts, styles and requests only from the gateway itself (no CDN, no inline script), and requests
 * to the endpoint's origin and the countries' identity providers (sign-in); GraphiQL's
 * stylesheet embeds its fonts and a few images as data: URLs. The one inline style is the `<style>`
 * element GraphiQL's dialogs add to lock scrolling (react-remove-scroll), allowed by a per-page nonce
 * that start.js hands to it as `__webpack_nonce__`.
 */
export function contentSecurityPolicy(connectOrigins: readonly string[], styleNonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${styleNonce}'`,
    `connect-src 'self'${connectOrigins.map((o) => ` ${o}`).join('')}`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

/** JSON safe inside a `<script type="application/json">` block (no `</script>`, no HTML comment). */
function jsonForScriptBlock(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function required(assets: Map<string, IdeAsset>, name: string): IdeAsset {
  const file = assets.get(name);
  if (!file) throw new Error(`IDE asset ${name} is not loaded`);
  return file;
}

/** The IDE page for a router mounted at `baseUrl`, with the style nonce of its Content-Security-Policy. */
export function idePage(settings: IdePageSettings, baseUrl: string, styleNonce: string): string {
  const { assets } = settings;
  const schema = assets.get(SCHEMA_ASSET);
  const config = {
    title: settings.title,
    endpoint: settings.endpoint,
    schemaUrl: schema ? assetUrl(baseUrl, schema) : null,
    storageNamespace: `nordic-ide:${settings.endpoint}`,
    styleNonce,
    examples: settings.examples,
    signIn: settings.signIn,
    purposes: settings.purposes,
  };
  const stylesheets = STYLESHEETS.map(
    (name) => `    <link rel="stylesheet" href="${escapeHtml(assetUrl(baseUrl, required(assets, name)))}" />`,
  );
  const scripts = SCRIPTS.map(
    (name) => `    <script src="${escapeHtml(assetUrl(baseUrl, required(assets, name)))}"></script>`,
  );
  return [
    '<!doctype html>',
    '<html lang="en">',
    '  <head>',
    '    <meta charset="utf-8" />',
    '    <meta name="viewport" content="width=device-width, initial-scale=1" />',
    '    <meta name="robots" content="noindex" />',
    `    <title>${escapeHtml(settings.title)}</title>`,
    '    <link rel="icon" href="data:," />',
    ...stylesheets,
    '  </head>',
    '  <body>',
    '    <div id="graphiql">',
    '      <p class="nordic-ide-loading">Loading the GraphQL IDE…</p>',
    '      <noscript><p class="nordic-ide-loading">The GraphQL IDE needs JavaScript.</p></noscript>',
    '    </div>',
    `    <script type="application/json" id="nordic-ide-config">${jsonForScriptBlock(config)}</script>`,
    ...scripts,
    '  </body>',
    '</html>',
    '',
  ].join('\n');
}
