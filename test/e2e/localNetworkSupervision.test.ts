import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { issueDevToken } from '../../subgraphs/common/src/auth/devKeys';
import { type GraphqlResponse, postGraphql, countryFailures } from '../support/graphql';
import { COUNTRIES } from '../support/nordicNetwork';
import { tempDir } from '../support/services';

const ROOT = join(__dirname, '..', '..');
/** How long a restarted country may take to answer through the gateway again (start-up + circuit breaker). */
const BACK_WITHIN_MS = 60_000;

/** Whether `port` on 127.0.0.1 can be listened on right now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A LOCAL_NETWORK_PORT whose ports (gateway, registry +1, countries +11…+15) are all free, below the
 * kernel's ephemeral range (32768 and up), so no other process's listen(0) or outgoing connection takes
 * one of them between this check and the launcher's start (see freePort in test/support/nordicNetwork.ts).
 */
async function freeLocalNetworkPort(): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 600) * 20;
    const ports = [base, base + 1, base + 2, ...COUNTRIES.map((_, i) => base + 11 + i)];
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return base;
  }
}

/** The processes whose command line mentions `text` (the services of one launcher name its data directory). */
function processesMentioning(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) found.push(Number(entry));
    } catch {
      // The process ended while we read.
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `npm start`'s launcher as a process, with what it printed and waits on its output. */
class Launcher {
  readonly process: ChildProcess;
  private output = '';
  private waiters: (() => void)[] = [];

  constructor(env: NodeJS.ProcessEnv) {
    this.process = spawn(process.execPath, [join(ROOT, 'scripts/start-local-network.js')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onData = (chunk: Buffer) => {
      this.output += chunk.toString();
      for (const wake of this.waiters.splice(0)) wake();
    };
    this.process.stdout?.on('data', onData);
    this.process.stderr?.on('data', onData);
    this.process.once('exit', () => {
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  text(): string {
    return this.output;
  }

  /** The processes the launcher said it started for `service`, in order. */
  pids(service: string): number[] {
    const pattern = new RegExp(`^\\[${service}\\s*\\] (?:starting|restarting) \\(pid (\\d+)\\)$`, 'gm');
    return [...this.output.matchAll(pattern)].map((match) => Number(match[1]));
  }

  /** The pid of `service`'s current process. */
  pid(service: string): number {
    return this.pids(service).at(-1) as number;
  }

  /** Resolves with the first match of `pattern` in the output after `from` (a character offset). */
  async waitFor(pattern: RegExp, timeoutMs: number, from = 0): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.output.slice(from));
      if (match) return match;
      if (this.process.exitCode !== null || this.process.signalCode !== null)
        throw new Error(`the launcher exited while waiting for ${pattern}:\n${this.output}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${this.output}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }
}

/**
 * `npm start` supervises the local network (scripts/supervisor.js): a country whose process dies is
 * started again while the gateway keeps answering for the others, a service that keeps crashing is
 * given up on without taking the others down, and SIGTERM to the launcher leaves no process behind.
 * The launcher runs as a newcomer runs it (`node scripts/start-local-network.js` on the built services),
 * in a data directory and on ports of its own.
 */
describe('npm start keeps the local network up when one service dies', () => {
  let dataDir: string;
  let launcher: Launcher;
  let gatewayUrl: string;
  let token: string;

  /** Each country's statistics, asked through the gateway as a Finnish coordinator. */
  const probe = () =>
    postGraphql(gatewayUrl, '{ countries { code statistics(year: 2023) { value } } }', undefined, { token });
  const answering = (response: GraphqlResponse<any>): string[] =>
    ((response.data?.countries ?? []) as any[])
      .filter((c) => Array.isArray(c.statistics) && c.statistics.length > 0)
      .map((c) => c.code);
  /** Asks until every country answers (the restarted one is back), within BACK_WITHIN_MS. */
  async function untilAllAnswer(): Promise<GraphqlResponse<any>> {
    const deadline = Date.now() + BACK_WITHIN_MS;
    for (;;) {
      const response = await probe();
      if (answering(response).length === COUNTRIES.length) return response;
      if (Date.now() > deadline)
        throw new Error(`not every country answers again: ${JSON.stringify(response.errors)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  beforeAll(async () => {
    dataDir = tempDir('local-network');
    const port = await freeLocalNetworkPort();
    gatewayUrl = `http://127.0.0.1:${port}/graphql`;
    // A newcomer's environment: none of the test run's identity-provider settings.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LOCAL_NETWORK_DATA_DIR: dataDir,
      LOCAL_NETWORK_PORT: `${port}`,
    };
    for (const key of ['AUTH_ISSUERS', 'AUTH_ISSUER_JWKS', 'LINKAGE_KEY_FILE']) delete env[key];
    launcher = new Launcher(env);
    await launcher.waitFor(/The Nordic network is up/, 170_000);
    // Signed by the launcher's own local identity provider of Finland.
    token = await issueDevToken(
      { country: 'FI', roles: ['NATIONAL_COORDINATOR'], subject: 'fi-supervision-test' },
      join(dataDir, 'dev-auth'),
    );
  }, 180_000);

  afterAll(() => {
    // Only if a test failed before the launcher was stopped: leave nothing running.
    if (launcher && launcher.process.exitCode === null) {
      launcher.process.kill('SIGKILL');
      for (const pid of processesMentioning(dataDir)) process.kill(pid, 'SIGKILL');
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers from every country once it is up', async () => {
    const response = await probe();
    expect(answering(response)).toEqual([...COUNTRIES]);
    expect(countryFailures(response)).toEqual([]);
  });

  it('answers the others while a killed country is down, says COUNTRY_UNAVAILABLE for it, and restarts it', async () => {
    const killed = launcher.pid('SE');
    const from = launcher.text().length;
    process.kill(killed, 'SIGKILL');
    await launcher.waitFor(
      /^\[SE\s*\] was killed \(SIGKILL\) after .*; restarting it in 1\.0 s/m,
      10_000,
      from,
    );

    const whileDown = await probe();
    expect(answering(whileDown)).toEqual(['FI', 'NO', 'DK', 'IS']);
    expect(countryFailures(whileDown)).toEqual([['COUNTRY_UNAVAILABLE', 'SE']]);

    const back = await untilAllAnswer();
    expect(countryFailures(back)).toEqual([]);
    const restarted = launcher.pid('SE');
    expect(restarted).not.toBe(killed);
    expect(alive(restarted)).toBe(true);
    expect(launcher.text().slice(from)).toMatch(
      new RegExp(`^\\[SE\\s*\\] back up \\(pid ${restarted}\\)$`, 'm'),
    );
    // Nobody else was stopped or restarted.
    for (const service of ['network', 'FI', 'NO', 'DK', 'IS', 'gateway'])
      expect(launcher.pids(service)).toHaveLength(1);
  });

  it('gives up on a country that keeps crashing, with a log line saying so, and keeps the others answering', async () => {
    const from = launcher.text().length;
    const killed: number[] = [];
    // Norway crashes as soon as it starts, again and again: restarts after 1, 2, 4 and 8 s, then none.
    for (;;) {
      const mark = launcher.text().length;
      killed.push(launcher.pid('NO'));
      process.kill(launcher.pid('NO'), 'SIGKILL');
      const next = await launcher.waitFor(
        /^\[NO\s*\] (?:restarting \(pid \d+\)|.*GIVING UP.*)$/m,
        30_000,
        mark,
      );
      if (next[0].includes('GIVING UP')) break;
      expect(killed.length).toBeLessThan(5);
    }
    expect(killed).toHaveLength(5);
    const log = launcher.text().slice(from);
    expect(log).toMatch(/^\[NO\s*\] was killed \(SIGKILL\) after .*; restarting it in 1\.0 s/m);
    expect(log).toMatch(/^\[NO\s*\] was killed \(SIGKILL\) after .*; restarting it in 8\.0 s/m);
    expect(log).toMatch(
      /^\[NO\s*\] was killed \(SIGKILL\) after .*; GIVING UP on NO: it crashed 5 times in a row.*The other services keep running/m,
    );

    const response = await probe();
    expect(answering(response)).toEqual(['FI', 'SE', 'DK', 'IS']);
    expect(countryFailures(response)).toEqual([['COUNTRY_UNAVAILABLE', 'NO']]);
    expect(launcher.process.exitCode).toBeNull();
  });

  it('stops every service on SIGTERM and leaves no process behind', async () => {
    // The identity providers, the registry, four countries (Norway was given up on) and the gateway,
    // each naming its data here.
    const running = processesMentioning(dataDir);
    expect(running).toHaveLength(7);
    expect(running).toEqual(
      expect.arrayContaining(
        ['identity providers', 'network', 'FI', 'SE', 'DK', 'IS', 'gateway'].map((s) => launcher.pid(s)),
      ),
    );
    const exited = new Promise<number | null>((resolve) => launcher.process.once('exit', resolve));
    launcher.process.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Nothing that belonged to this network still runs, not even reparented.
    expect(processesMentioning(dataDir)).toEqual([]);
    // Norway was not started again after it was given up on.
    expect(launcher.text()).not.toMatch(/GIVING UP on NO[\s\S]*\[NO\s*\] restarting/);
  });
});

/**
 * The supervisor's restart policy (scripts/supervisor.js) with real child processes and pauses scaled
 * down: each quick crash doubles the pause up to its cap, a service that stayed up longer than
 * `stableAfterMs` starts over from the first pause, and the fifth quick crash in a row is the last.
 */
describe("the supervisor's restart policy", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Supervisor } = require('../../scripts/supervisor') as {
    Supervisor: new (options: object) => { start(spec: object): Promise<void>; stop(): Promise<void> };
  };

  it('doubles the pause up to its cap, starts over after a long run, and gives up after five quick crashes', async () => {
    const dir = tempDir('supervisor');
    // Each start takes the next lifetime (ms) from the file, says it listens, and crashes after it.
    const lifetimes = join(dir, 'lifetimes.json');
    writeFileSync(lifetimes, JSON.stringify([300, 0, 0, 0, 6000, 0, 0, 0, 0]));
    const service = join(dir, 'service.js');
    writeFileSync(
      service,
      `const fs = require('node:fs');
const [life, ...rest] = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
fs.writeFileSync(process.argv[2], JSON.stringify(rest));
console.log('listening on nothing');
setTimeout(() => process.exit(1), life);`,
    );
    const said: string[] = [];
    const error = jest.spyOn(console, 'error').mockImplementation((line: string) => void said.push(line));
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      let gaveUp = () => {};
      const nothingLeft = new Promise<void>((resolve) => (gaveUp = resolve));
      const supervisor = new Supervisor({
        root: dir,
        policy: { firstDelayMs: 100, maxDelayMs: 300, stableAfterMs: 5000, maxQuickCrashes: 5 },
        onNothingLeft: () => gaveUp(),
      });
      await supervisor.start({ name: 'svc', entry: service, args: [lifetimes], env: {} });
      await nothingLeft;
      await supervisor.stop();
    } finally {
      error.mockRestore();
      log.mockRestore();
      write.mockRestore();
    }
    const decisions = said.map((line) =>
      /GIVING UP on svc: it crashed 5 times in a row/.test(line)
        ? 'give up'
        : (/restarting it in (\S+ s) \(crash (\d) of 5/.exec(line) ?? []).slice(1).join(', crash '),
    );
    expect(decisions).toEqual([
      '0.1 s, crash 1',
      '0.2 s, crash 2',
      '0.3 s, crash 3',
      '0.3 s, crash 4',
      // It ran 6 s, longer than stableAfterMs: the count and the pause start over.
      '0.1 s, crash 1',
      '0.2 s, crash 2',
      '0.3 s, crash 3',
      '0.3 s, crash 4',
      'give up',
    ]);
    expect(JSON.parse(readFileSync(lifetimes, 'utf8'))).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });
});
