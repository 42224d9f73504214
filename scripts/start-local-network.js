/**
 * `npm start`: the Nordic network on one machine, on the embedded default (one SQLite file per
 * country under ./data, seeded with synthetic data on first start). Each service is its own
 * process; Ctrl-C stops them all.
 */
const { spawn } = require('node:child_process');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const COUNTRIES = ['FI', 'SE', 'NO', 'DK', 'IS'];

const services = [
  { name: 'network', entry: 'subgraphs/network/dist/main.js', args: [] },
  ...COUNTRIES.map((country) => ({
    name: country,
    entry: 'subgraphs/national/dist/main.js',
    args: ['--country', country, '--seed-if-empty', 'true'],
  })),
];

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

for (const service of services) {
  const child = spawn(process.execPath, [join(ROOT, service.entry), ...service.args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const prefix = `[${service.name.padEnd(7)}] `;
  const print = (stream) => (chunk) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) stream.write(prefix + line + '\n');
  };
  child.stdout.on('data', print(process.stdout));
  child.stderr.on('data', print(process.stderr));
  child.once('exit', (code) => {
    if (!stopping) {
      console.error(`${prefix}exited with code ${code}; stopping the rest`);
      stopAll(1);
    }
  });
}

process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));
console.log(
  'starting the Nordic network: network registry on :4001, FI :4011, SE :4012, NO :4013, DK :4014, IS :4015',
);
console.log('first start seeds synthetic data into ./data/*.sqlite; Ctrl-C stops everything');
