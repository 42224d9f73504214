import path from 'node:path';
import { build } from 'esbuild';

/** The dashboard's browser sources (type-checked by `tsc -p gateway/dashboard`). */
export const DASHBOARD_SOURCES = path.join(__dirname, '..', '..', 'dashboard');
/** Where the bundle is written, next to the compiled router that serves it. */
export const DASHBOARD_ASSETS = path.join(__dirname, 'assets');

/**
 * Build step of `npm run build`: bundles the dashboard and the parts of ECharts it uses into one
 * script and one stylesheet, so the gateway serves them itself (offline, no CDN).
 */
async function bundleDashboard(): Promise<void> {
  const result = await build({
    entryPoints: {
      dashboard: path.join(DASHBOARD_SOURCES, 'main.ts'),
      // The IDE's sign-in (gateway/src/ide serves it): the same OpenID Connect client as the dashboard's.
      'ide-signin': path.join(DASHBOARD_SOURCES, 'ideSignInBundle.ts'),
      styles: path.join(DASHBOARD_SOURCES, 'dashboard.css'),
    },
    outdir: DASHBOARD_ASSETS,
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    legalComments: 'external',
    logLevel: 'warning',
    metafile: true,
  });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  // On stderr: `npm run -s token` builds first, and its stdout must be the token alone (TOKEN=$(…)).
  console.error(
    `dashboard bundled into ${path.relative(process.cwd(), DASHBOARD_ASSETS)} (${Math.round(bytes / 1024)} KiB)`,
  );
}

bundleDashboard().catch((error: unknown) => {
  console.error(`dashboard bundle failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
