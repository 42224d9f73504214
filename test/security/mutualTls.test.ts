import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { loadGatewayConfig } from '../../gateway/src/config/gatewayConfig';
import { loadNationalConfig } from '../../subgraphs/national/src/config';
import { countryKeyEnvironment, defaultTestToken } from '../support/auth';
import { postGraphql } from '../support/graphql';
import { type SmallNetwork, startFinlandBehindGateway, tempDir } from '../support/services';

/**
 * A national service can require the gateway's client certificate (mutual TLS): whoever else reaches it
 * directly, with a valid token or not, cannot open a connection; the network through the gateway works.
 * Certificates made by this test with the openssl CLI: the network's CA (the countries' server
 * certificates and the gateway's client certificate) and a rogue CA.
 */

const dir = tempDir('mutual-tls');
const file = (name: string) => join(dir, name);

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A CA: `<name>-ca.key`, `<name>-ca.crt`. */
function makeCa(name: string): void {
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    `/CN=${name} test CA`,
    '-keyout',
    `${name}-ca.key`,
    '-out',
    `${name}-ca.crt`,
  );
}

/** A certificate `<name>.crt` (key `<name>.key`) signed by `<ca>`, for a server at 127.0.0.1 or a client. */
function makeCert(name: string, ca: string, usage: 'serverAuth' | 'clientAuth'): void {
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    `/CN=${name}`,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
  );
  writeFileSync(
    file(`${name}.ext`),
    `extendedKeyUsage=${usage}\n${usage === 'serverAuth' ? 'subjectAltName=IP:127.0.0.1\n' : ''}`,
  );
  openssl(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}-ca.crt`,
    '-CAkey',
    `${ca}-ca.key`,
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.crt`,
  );
}

makeCa('network');
makeCa('rogue');
makeCert('fi-server', 'network', 'serverAuth');
makeCert('gateway-client', 'network', 'clientAuth');
makeCert('rogue-client', 'rogue', 'clientAuth');

const pem = (name: string) => readFileSync(file(name), 'utf8');

/** A direct connection to the country, trusting its server certificate, with or without a client certificate. */
function direct(client: 'none' | 'gateway-client' | 'rogue-client'): Agent {
  return new Agent({
    connect: {
      ca: pem('network-ca.crt'),
      ...(client === 'none' ? {} : { cert: pem(`${client}.crt`), key: pem(`${client}.key`) }),
    },
  });
}

describe('mutual TLS between the gateway and a national service', () => {
  let network: SmallNetwork;
  const agents: Agent[] = [];
  beforeAll(async () => {
    network = await startFinlandBehindGateway(tempDir('mutual-tls-network'), {
      env: {
        TLS_CERT_FILE: file('fi-server.crt'),
        TLS_KEY_FILE: file('fi-server.key'),
        TLS_CLIENT_CA_FILE: file('network-ca.crt'),
      },
      gatewayEnv: {
        GATEWAY_COUNTRY_TLS_CERT_FILE: file('gateway-client.crt'),
        GATEWAY_COUNTRY_TLS_KEY_FILE: file('gateway-client.key'),
        GATEWAY_COUNTRY_TLS_CA_FILE: file('network-ca.crt'),
      },
    });
  });
  afterAll(async () => {
    await network?.stop();
    await Promise.all(agents.map((a) => a.close()));
  });

  async function ask(client: 'none' | 'gateway-client' | 'rogue-client', path = '/graphql') {
    const dispatcher = direct(client);
    agents.push(dispatcher);
    const response = await request(`${network.finland.url}${path}`, {
      dispatcher,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await defaultTestToken()}` },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    return { status: response.statusCode, body: await response.body.text() };
  }

  it('serves HTTPS', () => {
    expect(network.finland.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it("lets the network work through the gateway, which presents the network CA's client certificate", async () => {
    const answer = await postGraphql(
      `${network.gateway.url}/graphql`,
      '{ cases(first: 1) { country totalCount } }',
    );
    expect(answer.errors ?? []).toEqual([]);
    expect(answer.data?.cases).toEqual([{ country: 'FI', totalCount: expect.any(Number) }]);
    const status = (await fetch(`${network.gateway.url}/status`).then((r) => r.json())) as {
      countries: { code: string; state: string }[];
    };
    expect(status.countries).toEqual([expect.objectContaining({ code: 'FI', state: 'up' })]);
  });

  it.each(['/graphql', '/crossborder/graphql', '/health'])(
    'refuses a direct caller without a client certificate on %s, even with a valid token',
    async (path) => {
      await expect(ask('none', path)).rejects.toThrow();
    },
  );

  it('refuses a client certificate of another CA', async () => {
    await expect(ask('rogue-client')).rejects.toThrow();
  });

  it("accepts the gateway's certificate directly too (it is the credential, the token still decides what)", async () => {
    expect(await ask('gateway-client')).toEqual({
      status: 200,
      body: expect.stringContaining('"__typename":"Query"'),
    });
  });

  it('refuses plain HTTP on the TLS port', async () => {
    await expect(
      fetch(network.finland.url.replace('https:', 'http:') + '/health').then((r) => r.status),
    ).rejects.toThrow();
  });
});

describe('mutual TLS configuration', () => {
  const base = ['--country', 'FI', '--database', 'sqlite::memory:'];

  it('is off by default: plain HTTP', () => {
    expect(
      loadNationalConfig(base, {
        LINKAGE_KEY_FILE: process.env.LINKAGE_KEY_FILE,
        ...countryKeyEnvironment('FI'),
      }).tls,
    ).toBeNull();
  });

  it('refuses to start with a client CA but no server certificate, naming the key', () => {
    expect(() =>
      loadNationalConfig(base, {
        LINKAGE_KEY_FILE: process.env.LINKAGE_KEY_FILE,
        ...countryKeyEnvironment('FI'),
        TLS_CLIENT_CA_FILE: file('network-ca.crt'),
      }),
    ).toThrow(/tlsClientCaFile: needs the service to serve HTTPS/);
    expect(() =>
      loadNationalConfig(base, {
        LINKAGE_KEY_FILE: process.env.LINKAGE_KEY_FILE,
        ...countryKeyEnvironment('FI'),
        TLS_CERT_FILE: file('fi-server.crt'),
      }),
    ).toThrow(/tlsCertFile: must be given together with tlsKeyFile/);
  });

  it('refuses to start with an unreadable or non-PEM file, naming the key', () => {
    expect(() =>
      loadNationalConfig(base, {
        LINKAGE_KEY_FILE: process.env.LINKAGE_KEY_FILE,
        ...countryKeyEnvironment('FI'),
        TLS_CERT_FILE: file('missing.crt'),
        TLS_KEY_FILE: file('fi-server.key'),
      }),
    ).toThrow(/TLS_CERT_FILE: cannot read .*missing\.crt/);
    expect(() =>
      loadNationalConfig(base, {
        LINKAGE_KEY_FILE: process.env.LINKAGE_KEY_FILE,
        ...countryKeyEnvironment('FI'),
        TLS_CERT_FILE: file('fi-server.ext'),
        TLS_KEY_FILE: file('fi-server.key'),
      }),
    ).toThrow(/TLS_CERT_FILE: .* holds no PEM block/);
  });

  it("reads the gateway's client certificate from the config file or the environment", () => {
    const config = file('gateway.json');
    writeFileSync(
      config,
      JSON.stringify({
        network: { url: 'http://127.0.0.1:4001/graphql' },
        countries: [
          {
            code: 'FI',
            national: 'https://127.0.0.1:4011/graphql',
            crossborder: 'https://127.0.0.1:4011/crossborder/graphql',
          },
        ],
      }),
    );
    expect(loadGatewayConfig(config, {}).countryTls).toBeUndefined();
    expect(
      loadGatewayConfig(config, {
        GATEWAY_COUNTRY_TLS_CERT_FILE: 'c.crt',
        GATEWAY_COUNTRY_TLS_KEY_FILE: 'c.key',
      }).countryTls,
    ).toEqual({ certFile: 'c.crt', keyFile: 'c.key' });
    expect(() => loadGatewayConfig(config, { GATEWAY_COUNTRY_TLS_CERT_FILE: 'c.crt' })).toThrow(
      /countryTls\.keyFile: is missing/,
    );
  });
});
