/**
 * `npm start`: the whole Nordic network on one machine, on the embedded default (one SQLite file per
 * country under ./data, seeded with synthetic data on first start): the network registry, the five
 * national services (each its own process) and, once they listen, the gateway on :4000. A service that
 * crashes is started again while the others keep answering (scripts/supervisor.js); Ctrl-C stops them all.
 *
 * LOCAL_NETWORK_DATA_DIR (default ./data) holds the SQLite files and the local identity providers' keys;
 * LOCAL_NETWORK_PORT (default 4000) is the gateway's port, the registry's is one more and the countries'
 * 11 to 15 more — a second local network beside the first, as the tests run one.
 *
 * LOCAL_NETWORK_COUNTRIES (default FI,SE,NO,DK,IS) lists the members: a country that joins (e.g.
 * FI,SE,NO,DK,IS,EE) gets its keys generated like the others, a national service on the next port (4016…)
 * with an empty store, and a line in the gateway's configuration; the registry registers it from
 * NETWORK_MEMBERS_FILE (docs/operators.md "Adding a member country").
 */
const { readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const { join, resolve } = require('node:path');
const YAML = require('yaml');
const { Supervisor } = require('./supervisor');

const ROOT = join(__dirname, '..');
const COUNTRIES = (process.env.LOCAL_NETWORK_COUNTRIES || 'FI,SE,NO,DK,IS')
  .split(',')
  .map((c) => c.trim().toUpperCase());
if (COUNTRIES.some((c) => !/^[A-Z]{2}$/.test(c)) || new Set(COUNTRIES).size !== COUNTRIES.length) {
  console.error(
    `LOCAL_NETWORK_COUNTRIES must list distinct ISO 3166-1 alpha-2 codes separated by commas, e.g. FI,SE,NO,DK,IS,EE (got "${process.env.LOCAL_NETWORK_COUNTRIES}").`,
  );
  process.exit(2);
}
const DEFAULT_PORT = 4000;
const DATA = resolve(ROOT, process.env.LOCAL_NETWORK_DATA_DIR || 'data');
const PORT = Number(process.env.LOCAL_NETWORK_PORT || DEFAULT_PORT);
const LAST_OFFSET = 10 + COUNTRIES.length;
if (!Number.isInteger(PORT) || PORT < 1 || PORT > 65535 - LAST_OFFSET) {
  console.error(
    `LOCAL_NETWORK_PORT must be a port from 1 to ${65535 - LAST_OFFSET} (got "${process.env.LOCAL_NETWORK_PORT}").`,
  );
  process.exit(2);
}
/** The local network's port of what listens on `defaultPort` when the gateway is on :4000. */
const port = (defaultPort) => defaultPort - DEFAULT_PORT + PORT;
const GATEWAY_URL = `http://127.0.0.1:${PORT}/graphql`;

const authSettings = require(join(ROOT, 'subgraphs/common/dist/auth/authSettings.js'));
const devSecrets = require(join(ROOT, 'subgraphs/common/dist/devSecrets.js'));
const serviceKeys = require(join(ROOT, 'subgraphs/common/dist/auditCheckpoints/serviceKeys.js'));
const AUTH_DIR = join(DATA, 'dev-auth');
const LINKAGE_KEY = join(AUTH_DIR, 'linkage-key.json');

// The local identity providers people sign in with (the dashboard and the IDE): one OpenID Connect
// issuer per country on :4002 (<url>/fi, <url>/se, …), each with its own key, which the services fetch
// from its jwks_uri. `npm run token`'s issuers stay trusted beside them, for scripts.
const IDP_URL = `http://127.0.0.1:${port(4002)}`;
const oidcIssuer = (country) => `${IDP_URL}/${country.toLowerCase()}`;
const OIDC_CLIENT_ID = 'nordic-network';

// Every service trusts the local identity providers (one per country, keys in AUTH_DIR) and shares the
// local linkage key. The services' request logs are at `info`; in this terminal only warnings are
// shown unless LOG_LEVEL says otherwise (the gateway's routing and refusal logs stay visible).
const env = {
  AUTH_ISSUERS: [authSettings.devIssuers(COUNTRIES), ...COUNTRIES.map((c) => `${c}=${oidcIssuer(c)}`)].join(
    ',',
  ),
  AUTH_ISSUER_JWKS: [
    authSettings.devIssuerJwks(AUTH_DIR, COUNTRIES),
    ...COUNTRIES.map((c) => `${oidcIssuer(c)}=${oidcIssuer(c)}/jwks`),
  ].join(','),
  LINKAGE_KEY_FILE: LINKAGE_KEY,
  // The members' service keys (person-match lookups): each member is listed there.
  SERVICE_JWKS_FILE: join(AUTH_DIR, 'service', 'jwks.json'),
};
const quiet = { ...env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };

/**
 * Each country's audit log is anchored outside its database: every five minutes (AUDIT_CHECKPOINT_INTERVAL_MS)
 * it signs its head with its service key and sends it to the registry and to the next country as witness
 * (FI → SE → NO → DK → IS → FI). The keys are generated into <data>/dev-auth on first start.
 */
function auditEnvironment(country, index) {
  const next = (index + 1) % COUNTRIES.length;
  return {
    AUDIT_CHAIN_KEY_FILE: serviceKeys.devAuditChainKeyFile(country, AUTH_DIR),
    SERVICE_SIGNING_KEY_FILE: serviceKeys.devServiceKeyFile(country, AUTH_DIR),
    SERVICE_KEYS_JWKS: serviceKeys.devServiceJwksFile(AUTH_DIR),
    AUDIT_CHECKPOINT_REGISTRY_URL: `http://127.0.0.1:${port(4001)}`,
    AUDIT_CHECKPOINT_WITNESSES: `${COUNTRIES[next]}=http://127.0.0.1:${port(4011 + next)}`,
  };
}

const identityProviders = {
  name: 'identity providers',
  entry: 'subgraphs/common/dist/auth/devIdentityProvider/main.js',
  args: ['--port', String(port(4002)), '--countries', COUNTRIES.join(','), '--keys', AUTH_DIR],
  env: quiet,
};

const backends = [
  {
    name: 'network',
    entry: 'subgraphs/network/dist/main.js',
    args: ['--port', String(port(4001)), '--database', `sqlite:${join(DATA, 'network.sqlite')}`],
    env: {
      ...quiet,
      SERVICE_KEYS_JWKS: serviceKeys.devServiceJwksFile(AUTH_DIR),
      // A member the checked-in directory does not hold is registered from this file.
      ...(process.env.NETWORK_MEMBERS_FILE
        ? { NETWORK_MEMBERS_FILE: resolve(process.env.NETWORK_MEMBERS_FILE) }
        : {}),
    },
  },
  ...COUNTRIES.map((country, i) => ({
    name: country,
    entry: 'subgraphs/national/dist/main.js',
    args: [
      ...['--country', country, '--port', String(port(4011 + i)), '--seed-if-empty', 'true'],
      ...['--database', `sqlite:${join(DATA, `${country.toLowerCase()}.sqlite`)}`],
      // Cross-border steps (accepting a referral, confirming a link) reach the other country through the gateway.
      ...['--gateway-url', GATEWAY_URL],
    ],
    env: { ...quiet, ...auditEnvironment(country, i) },
  })),
];

/**
 * gateway/config/local.yaml, with every local port moved along when LOCAL_NETWORK_PORT is not 4000 and
 * its countries made the members of LOCAL_NETWORK_COUNTRIES (a member it does not list gets its line).
 */
function gatewayConfig() {
  const file = join(ROOT, 'gateway/config/local.yaml');
  const standard = COUNTRIES.join() === authSettings.DEV_COUNTRIES.join();
  if (PORT === DEFAULT_PORT && standard) return file;
  const config = YAML.parse(readFileSync(file, 'utf8'));
  config.countries = COUNTRIES.map((code, i) => {
    const url = `http://127.0.0.1:${4011 + i}`;
    return {
      code,
      national: `${url}/graphql`,
      crossborder: `${url}/crossborder/graphql`,
      timeoutMs: 5000,
      signIn: { issuer: `http://127.0.0.1:4002/${code.toLowerCase()}`, clientId: OIDC_CLIENT_ID },
    };
  });
  const moved = join(DATA, 'gateway.local.yaml');
  writeFileSync(
    moved,
    YAML.stringify(config)
      .replace(/^port: \d+$/m, `port: ${PORT}`)
      .replace(/127\.0\.0\.1:(\d+)/g, (_, p) => `127.0.0.1:${port(Number(p))}`),
  );
  return moved;
}

const supervisor = new Supervisor({
  root: ROOT,
  onNothingLeft: () => stop(1, 'every service has been given up on'),
});

let stopping = false;
function stop(code, why) {
  if (stopping) return;
  stopping = true;
  console.log(`\nstopping the Nordic network${why ? ` (${why})` : ''}…`);
  supervisor.stop().then(() => process.exit(code));
}
process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));
// The terminal closed: stop the services rather than leave them running without it.
process.once('SIGHUP', () => stop(0));

console.log(`starting the Nordic network (first start seeds synthetic data into ${DATA}/*.sqlite)…`);
mkdirSync(DATA, { recursive: true });
// The local network's identity providers: one signing key and one JWKS per country, generated on first
// start into <data>/dev-auth (each service trusts each country's issuer with that country's JWKS only),
// with each national service's key that signs its person-match lookups, in <data>/dev-auth/service…
// …and the network's linkage key for person matching, shared by all members, and each member's
// audit-chain key (HMAC of its audit log) and service key (signs its checkpoints): `npm run dev:keys`.
devSecrets
  .ensureDevSecrets(AUTH_DIR, COUNTRIES)
  // The identity providers first: the services fetch their keys at start.
  .then(() => supervisor.start(identityProviders))
  .then(() => Promise.all(backends.map((service) => supervisor.start(service))))
  .then(() =>
    supervisor.start({
      name: 'gateway',
      entry: 'gateway/dist/main.js',
      args: ['--config', gatewayConfig()],
      env,
    }),
  )
  .then(() => {
    const gateway = `http://127.0.0.1:${PORT}`;
    console.log('\nThe Nordic network is up:');
    console.log(`  gateway + GraphQL IDE   ${gateway}/        (API at /graphql, countries at /status)`);
    console.log(`  Nordic dashboard        ${gateway}/dashboard`);
    console.log(`  identity providers      ${IDP_URL}/<country>  (sign in from the IDE or the dashboard)`);
    console.log(`  network registry        http://127.0.0.1:${port(4001)}/graphql`);
    COUNTRIES.forEach((c, i) =>
      console.log(`  ${c} national service     http://127.0.0.1:${port(4011 + i)}/graphql`),
    );
    console.log('Sign in from the IDE or the dashboard: pick your country, then roles and organisation on');
    console.log("its identity provider's page. For scripts, a bearer token from the command line:");
    console.log('  npm run -s token -- --country FI --role NATIONAL_COORDINATOR');
    console.log('A service that crashes is restarted; Ctrl-C stops everything.');
  })
  .catch((error) => {
    console.error(error instanceof Error ? error.message : String(error));
    stop(1, 'a service could not start');
  });
