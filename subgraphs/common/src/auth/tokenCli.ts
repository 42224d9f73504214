/**
 * `npm run token -- --country FI --role NATIONAL_COORDINATOR [--role …] [--org ID] [--subject S] [--ttl 1h]`
 * prints a bearer token signed by the local network's identity provider of that country.
 */
import { parseArgs } from 'node:util';
import { DEV_COUNTRIES } from './authSettings';
import { ensureDevKeys, issueDevToken } from './devKeys';
import { ROLES, type RoleName } from './principal';

function seconds(ttl: string): number {
  const match = /^(\d+)(s|m|h|d)?$/.exec(ttl);
  if (!match) throw new Error(`--ttl must look like 900s, 30m, 1h or 1d (got "${ttl}").`);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      country: { type: 'string' },
      role: { type: 'string', multiple: true },
      org: { type: 'string' },
      subject: { type: 'string' },
      ttl: { type: 'string', default: '1h' },
    },
  });
  const country = (values.country ?? '').toUpperCase();
  if (!(DEV_COUNTRIES as readonly string[]).includes(country)) {
    throw new Error(`--country must be one of ${DEV_COUNTRIES.join(', ')} (got "${values.country ?? ''}").`);
  }
  const roles = (values.role ?? []).map((r) => r.toUpperCase());
  if (roles.length === 0 || !roles.every((r) => (ROLES as readonly string[]).includes(r))) {
    throw new Error(`--role must be one or more of ${ROLES.join(', ')} (got "${roles.join(', ')}").`);
  }
  await ensureDevKeys();
  const token = await issueDevToken({
    country,
    roles: roles as RoleName[],
    organisation: values.org,
    subject: values.subject,
    ttlSeconds: seconds(values.ttl ?? '1h'),
  });
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  console.error(`token: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
