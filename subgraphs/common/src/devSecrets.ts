import { join } from 'node:path';
import { DEV_AUTH_DIR, DEV_COUNTRIES } from './auth/authSettings';
import { ensureDevKeys } from './auth/devKeys';
import { ensureDevAuditChainKeys, ensureDevServiceKeys } from './auditCheckpoints/serviceKeys';
import { ensureDevLinkageKey } from './linkageKeyFile';

/**
 * Every secret a local service reads by default, generated on first use into `dir` (./data/dev-auth,
 * ignored by git) and kept afterwards: the members' test identity providers and person-match lookup
 * keys, the network's linkage key, and each member's audit-chain and service (checkpoint) keys.
 * What `npm start` makes before it starts the network (for its LOCAL_NETWORK_COUNTRIES), and
 * `npm run dev:keys` alone. Returns `dir`.
 */
export async function ensureDevSecrets(
  dir: string = DEV_AUTH_DIR,
  countries: readonly string[] = DEV_COUNTRIES,
): Promise<string> {
  await ensureDevKeys(dir, countries);
  ensureDevLinkageKey(join(dir, 'linkage-key.json'));
  ensureDevAuditChainKeys(dir, countries);
  await ensureDevServiceKeys(dir, countries);
  return dir;
}
