/**
 * `npm run dev:keys`: generates the local secrets a national service (either store), the registry and
 * the gateway read by default from ./data/dev-auth, without starting anything — for a service started
 * on its own (`npm run start:national`) or the conformance kit's test issuer. Existing keys are kept.
 * Never for production: a deployment mounts its own (docs/operators.md).
 */
import { relative } from 'node:path';
import { ensureDevSecrets } from './devSecrets';

ensureDevSecrets()
  .then((dir) => {
    const at = relative(process.cwd(), dir) || '.';
    console.log(`local keys in ${at} (kept if present; never use them in production):`);
    console.log(
      `  ${at}/<cc>.jwks.json, private/<cc>.jwk.json   test identity providers (AUTH_ISSUER_JWKS; the kit's --issuer-jwks/--issuer-key)`,
    );
    console.log(`  ${at}/linkage-key.json                        linkage key (LINKAGE_KEY_FILE)`);
    console.log(`  ${at}/audit-chain/<cc>.json                   audit-chain keys (AUDIT_CHAIN_KEY_FILE)`);
    console.log(
      `  ${at}/service-jwks.json, service/<cc>.jwk.json    checkpoint keys (SERVICE_KEYS_JWKS, SERVICE_SIGNING_KEY_FILE)`,
    );
    console.log(
      `  ${at}/service/jwks.json, service/<cc>.private.jwk.json   lookup keys (SERVICE_JWKS_FILE, SERVICE_KEY_FILE)`,
    );
  })
  .catch((error: unknown) => {
    console.error(`dev:keys: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
