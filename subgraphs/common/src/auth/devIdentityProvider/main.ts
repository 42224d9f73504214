/**
 * `node subgraphs/common/dist/auth/devIdentityProvider/main.js [--port 4002] [--host 127.0.0.1]
 * [--countries FI,SE,NO,DK,IS] [--keys ./data/dev-auth] [--access-token-ttl 900]`: the local network's
 * OpenID Connect providers (what `npm start` runs). Prints "listening on http://…" and each issuer.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEV_AUTH_DIR, DEV_COUNTRIES } from '../authSettings';
import { startDevIdentityProviders } from './server';

function option(name: string, value: string | undefined, check: RegExp, example: string): string | undefined {
  if (value !== undefined && !check.test(value)) {
    console.error(`dev identity providers: --${name} must look like ${example} (got "${value}").`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      countries: { type: 'string' },
      keys: { type: 'string' },
      'access-token-ttl': { type: 'string' },
    },
    strict: true,
  });
  const port = option('port', values.port, /^\d{1,5}$/, '4002');
  const countries = option('countries', values.countries, /^[A-Z]{2}(,[A-Z]{2})*$/, 'FI,SE,NO,DK,IS');
  const ttl = option('access-token-ttl', values['access-token-ttl'], /^\d+$/, '900 (seconds)');
  const running = await startDevIdentityProviders({
    countries: countries ? countries.split(',') : DEV_COUNTRIES,
    keyDir: values.keys ? resolve(values.keys) : DEV_AUTH_DIR,
    host: values.host ?? '127.0.0.1',
    port: port === undefined ? 4002 : Number(port),
    accessTokenTtlSeconds: ttl === undefined ? undefined : Number(ttl),
  });
  console.log(`dev identity providers listening on ${running.url}`);
  for (const [country, issuer] of running.issuers) console.log(`  ${country} issuer ${issuer}`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`dev identity providers: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
