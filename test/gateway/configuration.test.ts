import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGatewayConfig } from '../../gateway/src/config/gatewayConfig';
import { runScript, tempDir } from '../support/services';

const valid = {
  network: { url: 'http://127.0.0.1:4001/graphql' },
  countries: [
    {
      code: 'FI',
      national: 'http://127.0.0.1:4011/graphql',
      crossborder: 'http://127.0.0.1:4011/crossborder/graphql',
    },
  ],
};

describe('gateway configuration', () => {
  it('fills defaults and lets environment variables override the file', () => {
    const config = parseGatewayConfig(valid, {
      GATEWAY_PORT: '4100',
      COUNTRY_FI_TIMEOUT_MS: '750',
      NETWORK_URL: 'http://10.0.0.1:4001/graphql',
    });
    expect(config).toMatchObject({
      port: 4100,
      schemaCheckIntervalSeconds: 30,
      network: { url: 'http://10.0.0.1:4001/graphql' },
    });
    expect(config.countries[0]).toMatchObject({ code: 'FI', timeoutMs: 750 });
  });

  it("takes each country's sign-in from the file or from COUNTRY_<CC>_SIGNIN_*", () => {
    const fromEnv = parseGatewayConfig(valid, {
      COUNTRY_FI_SIGNIN_ISSUER: 'https://idp.fi.example',
      COUNTRY_FI_SIGNIN_CLIENT_ID: 'nordic-network',
    });
    expect(fromEnv.countries[0]?.signIn).toEqual({
      issuer: 'https://idp.fi.example',
      clientId: 'nordic-network',
    });
    const fromFile = parseGatewayConfig({
      ...valid,
      countries: [{ ...valid.countries[0], signIn: { issuer: 'https://idp.fi.example', clientId: 'a' } }],
    });
    expect(fromFile.countries[0]?.signIn?.clientId).toBe('a');
    expect(parseGatewayConfig(valid).countries[0]?.signIn).toBeUndefined();
  });

  it.each([
    [
      {
        ...valid,
        countries: [{ ...valid.countries[0], signIn: { issuer: 'idp.fi.example', clientId: 'x' } }],
      },
      /countries\.0\.signIn\.issuer: must be an http\(s\) URL.*Fix: give the country's identity provider as signIn: \{ issuer: https:\/\/idp\.example\.fi, clientId: nordic-network \}/,
    ],
    [
      { ...valid, countries: [{ ...valid.countries[0], signIn: { issuer: 'https://idp.fi.example' } }] },
      /countries\.0\.signIn\.clientId: is missing/,
    ],
    [{ ...valid, network: {} }, /network\.url: is missing\. Fix: set network\.url/],
    [
      { ...valid, countries: [{ ...valid.countries[0], code: 'EST' }] },
      /countries\.0\.code: must be an ISO 3166-1 alpha-2 country code in capitals\. Fix: give the ISO 3166-1 alpha-2 code of a member country .* e\.g\. FI or EE \(docs\/operators\.md "Adding a member country"\)/,
    ],
    [
      { ...valid, countries: [{ ...valid.countries[0], code: 'ee' }] },
      /countries\.0\.code: must be an ISO 3166-1 alpha-2 country code in capitals/,
    ],
    [
      { ...valid, countries: [{ ...valid.countries[0], national: 'localhost:4011' }] },
      /countries\.0\.national: must start with http:\/\/ or https:\/\/\. Fix: give the country.s national subgraph URL/,
    ],
    [{ ...valid, countries: [valid.countries[0], valid.countries[0]] }, /countries: names a country twice/],
    [{ ...valid, colour: 'blue' }, /Unrecognized key.*colour/],
  ])('refuses a wrong or missing key, naming it and the fix (%#)', (raw, message) => {
    expect(() => parseGatewayConfig(raw)).toThrow(message);
  });

  it('stops the gateway at start with exit code 2 and the message when the file is invalid', async () => {
    const file = join(tempDir('gwconfig'), 'bad.yaml');
    writeFileSync(file, 'network:\n  url: not-a-url\ncountries: []\n');
    const { code, output } = await runScript('gateway/dist/main.js', ['--config', file]);
    expect(code).toBe(2);
    expect(output).toMatch(/network\.url: must be an http\(s\) URL/);
    expect(output).toMatch(/countries: must name at least one country/);
  });
});
