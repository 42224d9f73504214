/**
 * `npm run persisted:dashboard [-- --out <file>] [-- --check]`
 *
 * Writes the trusted-documents manifest of the dashboard's own operations (the query texts of
 * `gateway/dashboard/dashboardQuery.ts`, each under its sha256), the file to give the gateway as
 * GATEWAY_TRUSTED_DOCUMENTS. With `--check` it writes nothing and fails when the file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { parseFlags } from '@nordic/subgraph-common';
import { manifestOperation, type PersistedQueryManifest } from './manifest';

/** The dashboard's browser sources (`gateway/dashboard`, next to `gateway/dist`). */
const DASHBOARD_SOURCES = path.join(__dirname, '..', '..', 'dashboard');
const DASHBOARD_MANIFEST = path.join(DASHBOARD_SOURCES, 'persisted-query-manifest.json');

/** The dashboard's operation texts, read from its browser sources exactly as they are bundled. */
async function dashboardOperations(): Promise<string[]> {
  const bundled = await build({
    entryPoints: [path.join(DASHBOARD_SOURCES, 'dashboardQuery.ts')],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'neutral',
    logLevel: 'warning',
  });
  const module = { exports: {} as Record<string, unknown> };
  runInNewContext(bundled.outputFiles[0]?.text ?? '', { module, exports: module.exports });
  return Object.values(module.exports).filter(
    (value): value is string => typeof value === 'string' && /^\s*(query|mutation)\s/.test(value),
  );
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const out = flags.out ?? DASHBOARD_MANIFEST;
  const manifest: PersistedQueryManifest = {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: (await dashboardOperations()).map(manifestOperation),
  };
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  if (flags.check) {
    let current = '';
    try {
      current = readFileSync(out, 'utf8');
    } catch {
      current = '';
    }
    if (current !== text) {
      console.error(
        `${out} is not the manifest of the dashboard's operations. Fix: npm run persisted:dashboard`,
      );
      process.exit(1);
    }
    console.log(`${out} is current (${manifest.operations.length} operations)`);
    return;
  }
  writeFileSync(out, text);
  console.log(`wrote ${manifest.operations.length} operations to ${path.relative(process.cwd(), out)}`);
}

main().catch((error: unknown) => {
  console.error(`persisted query manifest: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
