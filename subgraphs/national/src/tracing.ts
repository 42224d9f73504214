import { startTracing } from '@nordic/subgraph-common/tracing';

/** The country from `--country FI`, `--country=FI` or COUNTRY, read before the configuration is (see main.ts). */
function countryOf(argv: readonly string[], env: NodeJS.ProcessEnv): string {
  const at = argv.findIndex((arg) => arg === '--country' || arg.startsWith('--country='));
  const flag = at < 0 ? undefined : argv[at]?.includes('=') ? argv[at]?.split('=')[1] : argv[at + 1];
  return (flag ?? env.COUNTRY ?? 'unknown').toUpperCase();
}

/** Imported first by main.ts: the SDK must patch http, express, graphql and pg before they load. */
export const tracing = startTracing(`nordic-national-${countryOf(process.argv.slice(2), process.env)}`);
