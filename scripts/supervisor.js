/**
 * Keeps the local network's services running (what `npm start` uses): each service is a child process
 * whose output is printed with its name in front; one that exits on its own after it has listened is
 * started again after a pause that doubles with each quick crash (1 s, 2 s, 4 s … at most 30 s), and
 * given up on, with a log line saying so, after five crashes in a row each within a minute of its start.
 * The other services keep running meanwhile (the gateway answers COUNTRY_UNAVAILABLE for a missing
 * country). `stop()` stops every service and waits until each has exited.
 */
const { spawn } = require('node:child_process');
const { clearTimeout, setTimeout } = require('node:timers');

const RESTARTS = {
  /** The pause before the first restart; each further quick crash doubles it… */
  firstDelayMs: 1000,
  /** …up to this. */
  maxDelayMs: 30_000,
  /** A service that stayed up this long before it crashed starts over from the first pause. */
  stableAfterMs: 60_000,
  /** Crashes in a row, each within stableAfterMs of its start, after which it is given up on. */
  maxQuickCrashes: 5,
};

/** A service still running this long after SIGTERM is killed (SIGKILL), so that none outlives `stop()`. */
const STOP_GRACE_MS = 10_000;

/**
 * After a service's `quickCrashes`-th crash in a row: how long to wait before starting it again, or
 * null to give up on it.
 */
function restartDelay(quickCrashes, policy = RESTARTS) {
  if (quickCrashes >= policy.maxQuickCrashes) return null;
  return Math.min(policy.firstDelayMs * 2 ** (quickCrashes - 1), policy.maxDelayMs);
}

function describeExit(code, signal) {
  return signal ? `was killed (${signal})` : `exited with code ${code}`;
}

function seconds(ms) {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

class Supervisor {
  /**
   * @param {{ root: string, policy?: typeof RESTARTS, onNothingLeft?: () => void }} options
   *   root: the working directory of the services; onNothingLeft: called when every service has been
   *   given up on.
   */
  constructor({ root, policy = RESTARTS, onNothingLeft = () => {} }) {
    this.root = root;
    this.policy = policy;
    this.onNothingLeft = onNothingLeft;
    this.services = [];
    this.stopping = null;
  }

  /**
   * Starts a service `{ name, entry, args, env }` (entry: a script under root, run with this node) and
   * resolves once it prints its "listening on" line. Rejects if it exits before that: a service that
   * cannot start is a configuration problem (a port in use, a bad setting), not a crash to retry.
   */
  start(spec) {
    return new Promise((resolve, reject) => {
      const service = {
        spec,
        prefix: `[${spec.name.padEnd(7)}] `,
        child: null,
        startedAt: 0,
        quickCrashes: 0,
        restartTimer: null,
        listened: false,
        gaveUp: false,
        firstStart: { resolve, reject },
      };
      this.services.push(service);
      this.spawn(service);
    });
  }

  spawn(service) {
    const { spec, prefix } = service;
    const child = spawn(process.execPath, [spec.entry, ...spec.args], {
      cwd: this.root,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    service.child = child;
    service.startedAt = Date.now();
    const restarted = service.listened;
    console.log(`${prefix}${restarted ? 'restarting' : 'starting'} (pid ${child.pid})`);
    let listening = false;
    const print = (stream) => (chunk) => {
      const text = chunk.toString();
      for (const line of text.split('\n')) if (line.trim()) stream.write(prefix + line + '\n');
      if (listening || !text.includes('listening on')) return;
      listening = true;
      if (restarted) console.log(`${prefix}back up (pid ${child.pid})`);
      service.listened = true;
      service.firstStart.resolve();
    };
    child.stdout.on('data', print(process.stdout));
    child.stderr.on('data', print(process.stderr));
    child.once('exit', (code, signal) => this.exited(service, child, code, signal));
  }

  exited(service, child, code, signal) {
    if (this.stopping) return;
    const { prefix } = service;
    const how = describeExit(code, signal);
    if (!service.listened) {
      service.firstStart.reject(new Error(`${prefix}${how} before it was up`));
      return;
    }
    const upMs = Date.now() - service.startedAt;
    if (upMs >= this.policy.stableAfterMs) service.quickCrashes = 0;
    service.quickCrashes += 1;
    const delay = restartDelay(service.quickCrashes, this.policy);
    if (delay === null) {
      service.gaveUp = true;
      console.error(
        `${prefix}${how} after ${seconds(upMs)}; GIVING UP on ${service.spec.name}: it crashed ` +
          `${service.quickCrashes} times in a row, each within ${seconds(this.policy.stableAfterMs)} of ` +
          'starting. The other services keep running; see its log above for the cause, then restart ' +
          '`npm start`.',
      );
      if (this.services.every((s) => s.gaveUp)) this.onNothingLeft();
      return;
    }
    console.error(
      `${prefix}${how} after ${seconds(upMs)}; restarting it in ${seconds(delay)} ` +
        `(crash ${service.quickCrashes} of ${this.policy.maxQuickCrashes} in a row before giving up)`,
    );
    service.restartTimer = setTimeout(() => {
      service.restartTimer = null;
      this.spawn(service);
    }, delay);
  }

  /** Stops every service (SIGTERM, SIGKILL after STOP_GRACE_MS) and resolves once none is running. */
  stop() {
    if (this.stopping) return this.stopping;
    const running = [];
    for (const service of this.services) {
      if (service.restartTimer) clearTimeout(service.restartTimer);
      const { child } = service;
      if (!child || child.exitCode !== null || child.signalCode !== null) continue;
      running.push(
        new Promise((resolve) => {
          const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
          child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill('SIGTERM');
        }),
      );
    }
    this.stopping = Promise.all(running);
    return this.stopping;
  }
}

module.exports = { Supervisor, RESTARTS, restartDelay };
