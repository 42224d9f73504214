import { join } from 'node:path';
import { DEV_AUTH_DIR } from './auth/authSettings';
import { ensureDevKeys } from './auth/devKeys';
import { ensureDevAuditChainKeys, ensureDevServiceKeys } from './auditCheckpoints/serviceKeys';
import { ensureDevLinkageKey } from './linkageKeyFile';

/**
 * Every secret a local service reads by default, generated on first use into `dir` (./data/dev-auth,
 * ignored by git) and kept afterwards: the countries' test identity providers and person-match lookup
 * keys, the network's linkage key, and each country's audit-chain and service (checkpoint) keys.
 * What `npm start` makes before it starts the network, and `npm run dev:keys` alone. Returns `dir`.
 */
export async function ensureDevSecrets(dir: string = DEV_AUTH_DIR): Promise<string> {
  await ensureDevKeys(dir);
  ensureDevLinkageKey(join(dir, 'linkage-key.json'));
  ensureDevAuditChainKeys(dir);
  await ensureDevServiceKeys(dir);
  return dir;
}
