import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGatewayConfig } from '../../gateway/src/config/gatewayConfig';
import { loadNationalConfig } from '../../subgraphs/national/src/config';
import { loadNetworkConfig } from '../../subgraphs/network/src/config';
import { memberKeys } from '../support/auth';
import { runScript, tempDir } from '../support/services';

/*
 * Membership is configuration (issue 14.5): a member the code has never heard of (EE) is accepted by
 * every service's configuration, and a wrong member entry stops the service at start, naming the key
 * and the fix.
 */

const ESTONIA_FILE = join(__dirname, '..', 'e2e', 'fixtures', 'estonia-members.json');
const estonia = () => JSON.parse(readFileSync(ESTONIA_FILE, 'utf8')) as Record<string, any[]>;

function membersFile(content: unknown): string {
  const file = join(tempDir('members'), 'members.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

const gatewayConfig = (code: string) => ({
  network: { url: 'http://127.0.0.1:4001/graphql' },
  countries: [
    {
      code,
      national: 'http://127.0.0.1:4016/graphql',
      crossborder: 'http://127.0.0.1:4016/crossborder/graphql',
    },
  ],
});

describe('member countries from configuration', () => {
  it('takes a member the code does not list: the gateway routes to EE, a national service answers for EE', async () => {
    // EE's own keys, generated as for any member (npm start does the same for LOCAL_NETWORK_COUNTRIES).
    const keys = await memberKeys(tempDir('members'), ['EE']);
    expect(parseGatewayConfig(gatewayConfig('EE')).countries.map((c) => c.code)).toEqual(['EE']);
    const national = loadNationalConfig(['--country', 'ee', '--port', '4016'], {
      ...process.env,
      ...keys.countryEnv('EE'),
    });
    expect(national).toMatchObject({ country: 'EE', port: 4016, statSource: 'ASSISTANCE_SYSTEM' });
    expect(national.databaseUrl).toMatch(/ee\.sqlite$/);
  });

  it('registers the countries of NETWORK_MEMBERS_FILE with their organisations and contact points', () => {
    const config = loadNetworkConfig(['--port', '0'], { ...process.env, NETWORK_MEMBERS_FILE: ESTONIA_FILE });
    expect(config.members?.countries.map((c) => c.code)).toEqual(['EE']);
    expect(config.members?.organisations.map((o) => o.id)).toEqual([
      'EE:Organisation:coordinator',
      'EE:Organisation:victim-support',
    ]);
    expect(config.members?.contactPoints.map((c) => c.id)).toEqual(['EE:ContactPoint:national-coordinator']);
  });

  it.each<[string, () => unknown, RegExp]>([
    [
      'a country code that is not one',
      () => ({ ...estonia(), countries: [{ ...estonia().countries![0], code: 'EST' }] }),
      /NETWORK_MEMBERS_FILE: .*expected an ISO 3166-1 alpha-2 code.*countries\[0\]\.code/s,
    ],
    [
      'an organisation of a country the directory does not hold',
      () => ({ ...estonia(), countries: [] }),
      /NETWORK_MEMBERS_FILE: .*organisation EE:Organisation:coordinator belongs to EE, not in the directory/s,
    ],
    [
      'an organisation id that clashes with another member entry',
      () => ({ ...estonia(), organisations: [...estonia().organisations!, estonia().organisations![0]] }),
      /NETWORK_MEMBERS_FILE: .*organisation EE:Organisation:coordinator is listed twice/s,
    ],
  ])('refuses a members file with %s, naming the key and the fix', (_name, content, message) => {
    const env = { ...process.env, NETWORK_MEMBERS_FILE: membersFile(content()) };
    expect(() => loadNetworkConfig(['--port', '0'], env)).toThrow(message);
    expect(() => loadNetworkConfig(['--port', '0'], env)).toThrow(/Fix: list each joining country as in/);
  });

  it('refuses a national service for something that is not a country code, naming the key and the fix', () => {
    expect(() => loadNationalConfig(['--country', 'Estonia', '--port', '0'])).toThrow(
      /country: must be an ISO 3166-1 alpha-2 country code\. Fix: pass --country FI .* e\.g\. EE for a member that joined/,
    );
  });

  it('stops the registry and the gateway at start on an invalid member entry, naming the key', async () => {
    const registry = await runScript('subgraphs/network/dist/main.js', ['--port', '0'], {
      NETWORK_MEMBERS_FILE: membersFile({ countries: [{ ...estonia().countries![0], code: 'XX' }] }),
      DATABASE_URL: `sqlite:${join(tempDir('members'), 'network.sqlite')}`,
    });
    expect(registry.code).not.toBe(0);
    expect(registry.output).toMatch(/NETWORK_MEMBERS_FILE: .*at countries\[0\]\.code/s);
    const file = join(tempDir('members'), 'gateway.json');
    writeFileSync(file, JSON.stringify(gatewayConfig('Estonia')));
    const gateway = await runScript('gateway/dist/main.js', ['--config', file]);
    expect(gateway.code).toBe(2);
    expect(gateway.output).toMatch(
      /countries\.0\.code: must be an ISO 3166-1 alpha-2 country code in capitals\. Fix: give the ISO 3166-1 alpha-2 code of a member country/,
    );
  });
});
