import { existsSync } from 'node:fs';
import { ensureDevKeys } from '../../subgraphs/common/src/auth/devKeys';
import { ensureDevLinkageKey } from '../../subgraphs/common/src/linkageKeyFile';
import {
  ensureDevAuditChainKeys,
  ensureDevServiceKeys,
} from '../../subgraphs/common/src/auditCheckpoints/serviceKeys';
import { TEST_AUTH_DIR, TEST_LINKAGE_KEY_FILE } from './auth';
import { join } from 'node:path';

/** The tests drive the built services as real processes; `npm test` builds first. */
export default async function globalSetup(): Promise<void> {
  const root = join(__dirname, '..', '..');
  await ensureDevKeys(TEST_AUTH_DIR);
  ensureDevLinkageKey(TEST_LINKAGE_KEY_FILE);
  // Each country's service key (signs its audit checkpoints) and audit-chain key.
  await ensureDevServiceKeys(TEST_AUTH_DIR);
  ensureDevAuditChainKeys(TEST_AUTH_DIR);
  for (const entry of [
    'subgraphs/national/dist/main.js',
    'subgraphs/network/dist/main.js',
    'gateway/dist/main.js',
  ]) {
    if (!existsSync(join(root, entry))) {
      throw new Error(
        `${entry} is missing: run the tests with \`npm test\` (it builds first) or run \`npm run build\`.`,
      );
    }
  }
}
