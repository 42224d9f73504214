import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `ip …`, failing with ip's own message. */
async function ip(...args: string[]): Promise<string> {
  return (await run('ip', args)).stdout;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether this process may create network namespaces (root with iproute2), checked by making one. */
export async function canCreateHosts(): Promise<boolean> {
  if (process.getuid?.() !== 0) return false;
  const probe = `nordic-probe-${process.pid}`;
  try {
    await ip('netns', 'add', probe);
    await ip('netns', 'del', probe);
    return true;
  } catch {
    return false;
  }
}

/**
 * Each country as a host of its own: a network namespace with one interface, plugged into a bridge in
 * the test's namespace, which is the secretariat's side (the gateway listens on the bridge's address).
 * So the gateway reaches a country over a real, if virtual, network path, and a country can be cut off
 * at the network level. Names carry the test process's id; leftovers of a test process that died are
 * removed by the next one.
 */
export class CountryHosts {
  private readonly id = process.pid;
  /** 10.a.b.0/24, from the process id, so two test runs on one machine do not share a subnet. */
  private readonly subnet = `10.${100 + (this.id % 150)}.${(this.id >> 8) % 256}`;
  private readonly bridge = `nb${this.id}`;
  private readonly index = new Map<string, number>();

  constructor(countries: readonly string[]) {
    countries.forEach((country, i) => this.index.set(country, i));
  }

  /** The address of the secretariat's side (the gateway) on the countries' network. */
  get secretariatAddress(): string {
    return `${this.subnet}.1`;
  }

  address(country: string): string {
    return `${this.subnet}.${10 + this.position(country)}`;
  }

  /** The command prefix that runs a program on the country's host. */
  command(country: string): string[] {
    return ['ip', 'netns', 'exec', this.namespace(country)];
  }

  async create(): Promise<void> {
    await removeLeftovers();
    await ip('link', 'add', this.bridge, 'type', 'bridge');
    await ip('addr', 'add', `${this.secretariatAddress}/24`, 'dev', this.bridge);
    await ip('link', 'set', this.bridge, 'up');
    for (const country of this.index.keys()) {
      const ns = this.namespace(country);
      const outside = `nv${this.id}${country.toLowerCase()}`;
      await ip('netns', 'add', ns);
      await ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
      await ip('link', 'set', outside, 'master', this.bridge);
      await ip('link', 'set', outside, 'up');
      await ip('-n', ns, 'addr', 'add', `${this.address(country)}/24`, 'dev', 'eth0');
      await ip('-n', ns, 'link', 'set', 'eth0', 'up');
      await ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
  }

  /**
   * Cuts the country off: everything it sends towards the rest of the network is dropped without an
   * answer, as by a firewall or a broken link. Packets still arrive, so a request already on an open
   * connection may be carried out while its answer is lost: the case that idempotency keys are for.
   */
  async cut(country: string): Promise<void> {
    await ip('-n', this.namespace(country), 'route', 'add', 'blackhole', `${this.secretariatAddress}/32`);
  }

  async reconnect(country: string): Promise<void> {
    await ip('-n', this.namespace(country), 'route', 'del', 'blackhole', `${this.secretariatAddress}/32`);
  }

  async destroy(): Promise<void> {
    for (const country of this.index.keys())
      await ip('netns', 'del', this.namespace(country)).catch(() => '');
    await ip('link', 'del', this.bridge).catch(() => '');
  }

  private namespace(country: string): string {
    return `nordic-${this.id}-${country.toLowerCase()}`;
  }

  private position(country: string): number {
    const i = this.index.get(country);
    if (i === undefined) throw new Error(`no host for ${country}`);
    return i;
  }
}

/** Namespaces and bridges of test processes that are gone (killed before their clean-up ran). */
async function removeLeftovers(): Promise<void> {
  for (const line of (await ip('netns', 'list')).split('\n')) {
    const match = /^nordic-(\d+)-\w+/.exec(line);
    if (match && !alive(Number(match[1]))) await ip('netns', 'del', match[0]).catch(() => '');
  }
  for (const line of (await ip('-o', 'link', 'show', 'type', 'bridge')).split('\n')) {
    const match = /^\d+: nb(\d+):/.exec(line);
    if (match && !alive(Number(match[1]))) await ip('link', 'del', `nb${match[1]}`).catch(() => '');
  }
}
