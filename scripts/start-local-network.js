/**
 * `npm start`: the whole Nordic network on one machine, on the embedded default (one SQLite file per
 * country under ./data, seeded with synthetic data on first start): the network registry, the five
 * national services (each its own process) and, once they listen, the gateway on :4000.
 * Ctrl-C stops them all.
 */
const { spawn } = require('node:child_process');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const COUNTRIES = ['FI', 'SE', 'NO', 'DK', 'IS'];

// The services' request logs are at `info`; in this terminal only warnings are shown unless LOG_LEVEL
// says otherwise (the gateway's routing and refusal logs stay visible).
const quiet = { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };

const backends = [
  { name: 'network', entry: 'subgraphs/network/dist/main.js', args: [], env: quiet },
  ...COUNTRIES.map((country) => ({
    name: country,
    entry: 'subgraphs/national/dist/main.js',
    // Cross-border steps (accepting a referral, confirming a link) reach the other country through the gateway.
    args: ['--country', country, '--seed-if-empty', 'true', '--gateway-url', 'http://127.0.0.1:4000/graphql'],
    env: quiet,
  })),
];
const gateway = {
  name: 'gateway',
  entry: 'gateway/dist/main.js',
  args: ['--config', 'gateway/config/local.yaml'],
};

const children = [];
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping the Nordic network…');
  let alive = children.filter((c) => c.exitCode === null).length;
  if (alive === 0) process.exit(code);
  for (const child of children) {
    if (child.exitCode !== null) continue;
    child.once('exit', () => {
      alive -= 1;
      if (alive === 0) process.exit(code);
    });
    child.kill('SIGTERM');
  }
}

/** Starts a service and resolves once it prints its "listening on" line. */
function start(service) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, service.entry), ...service.args], {
      cwd: ROOT,
      env: { ...process.env, ...(service.env ?? {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const prefix = `[${service.name.padEnd(7)}] `;
    const print = (stream) => (chunk) => {
      const text = chunk.toString();
      for (const line of text.split('\n')) if (line.trim()) stream.write(prefix + line + '\n');
      if (text.includes('listening on')) resolve();
    };
    child.stdout.on('data', print(process.stdout));
    child.stderr.on('data', print(process.stderr));
    child.once('exit', (code) => {
      if (!stopping) {
        console.error(`${prefix}exited with code ${code}; stopping the rest`);
        stopAll(1);
      }
    });
  });
}

process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));
// The terminal closed: stop the services rather than leave them running without it.
process.once('SIGHUP', () => stopAll(0));

console.log('starting the Nordic network (first start seeds synthetic data into ./data/*.sqlite)…');
// The local network's identity providers: signing keys generated on first start into ./data/dev-auth —
// and each national service's own signing key with the members' service JWKS, in ./data/dev-auth/service
// (the services find them there by default; they sign and verify person-match lookups with them).
const devKeys = require(join(ROOT, 'subgraphs/common/dist/auth/devKeys.js'));
devKeys
  .ensureDevKeys()
  // …and the network's linkage key for person matching, once, so that all five countries share it.
  .then(() => require(join(ROOT, 'subgraphs/common/dist/linkageKeyFile.js')).ensureDevLinkageKey())
  .then(() => Promise.all(backends.map(start)))
  .then(() => start(gateway))
  // A read-only analyst's token for the dashboard link (statistics only; valid for 8 hours).
  .then(() =>
    devKeys.issueDevToken({
      country: 'FI',
      roles: ['ANALYST'],
      subject: 'fi-dashboard-local',
      ttlSeconds: 8 * 3600,
    }),
  )
  .then((dashboardToken) => {
    console.log('\nThe Nordic network is up:');
    console.log(
      '  gateway + GraphQL IDE   http://127.0.0.1:4000/        (API at /graphql, countries at /status)',
    );
    console.log('  Nordic dashboard        http://127.0.0.1:4000/dashboard');
    console.log(`    with an analyst's token: http://127.0.0.1:4000/dashboard#token=${dashboardToken}`);
    console.log('  network registry        http://127.0.0.1:4001/graphql');
    COUNTRIES.forEach((c, i) =>
      console.log(`  ${c} national service     http://127.0.0.1:${4011 + i}/graphql`),
    );
    console.log("Every request needs a bearer token; get one for the IDE's Headers tab with");
    console.log('  npm run -s token -- --country FI --role NATIONAL_COORDINATOR');
    console.log('Ctrl-C stops everything.');
  });
