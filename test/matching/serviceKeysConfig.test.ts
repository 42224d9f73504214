import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { loadServiceKeys } from '../../subgraphs/common/src/lookupSigningKeys';
import { TEST_SERVICE_KEYS_DIR, countryKeyEnvironment } from '../support/auth';
import { runScript, tempDir } from '../support/services';

/*
 * A national service refuses to start with service keys it could not sign or verify with, naming the
 * key: a lookup signed with a wrong key would be refused everywhere, and a member key set that holds a
 * private key (or a key of the wrong kind) is a configuration mistake to stop at once.
 */

const MEMBERS = ['FI', 'SE', 'NO', 'DK', 'IS'];
const jwks = () =>
  JSON.parse(readFileSync(join(TEST_SERVICE_KEYS_DIR, 'jwks.json'), 'utf8')) as Record<
    string,
    { keys: Record<string, unknown>[] }
  >;
const ownKey = join(TEST_SERVICE_KEYS_DIR, 'fi.private.jwk.json');

function write(value: unknown): string {
  const file = join(tempDir('service-keys'), 'file.json');
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

describe('service key configuration', () => {
  it('loads the test network keys (the control)', async () => {
    const keys = await loadServiceKeys('FI', MEMBERS, {
      SERVICE_JWKS_FILE: join(TEST_SERVICE_KEYS_DIR, 'jwks.json'),
    });
    expect([...keys.members.keys()]).toEqual(MEMBERS);
    expect(keys.kid).toMatch(/^fi-service-/);
  });

  it.each<[string, () => Promise<Record<string, string>>, RegExp]>([
    [
      'no members file',
      async () => ({ SERVICE_JWKS_FILE: '/nonexistent/jwks.json' }),
      /SERVICE_JWKS_FILE: no file/,
    ],
    [
      'members file is not JSON',
      async () => ({ SERVICE_JWKS_FILE: write('{not json'), SERVICE_KEY_FILE: ownKey }),
      /SERVICE_JWKS_FILE: .* is not readable JSON/,
    ],
    [
      'a member without keys',
      async () => {
        const sets = jwks();
        delete sets.NO;
        return { SERVICE_JWKS_FILE: write(sets), SERVICE_KEY_FILE: ownKey };
      },
      /SERVICE_JWKS_FILE\.NO: .* lists no service key of NO/,
    ],
    [
      "a member's private key published",
      async () => {
        const sets = jwks();
        const { privateKey } = await generateKeyPair('ES256', { extractable: true });
        sets.SE!.keys.push({ ...(await exportJWK(privateKey)), kid: 'se-leaked' });
        return { SERVICE_JWKS_FILE: write(sets), SERVICE_KEY_FILE: ownKey };
      },
      /SERVICE_JWKS_FILE\.SE\.keys\[1\]: the key holds a private key/,
    ],
    [
      'a member key of another kind',
      async () => {
        const sets = jwks();
        const { publicKey } = await generateKeyPair('RS256', { extractable: true });
        sets.DK!.keys[0] = { ...(await exportJWK(publicKey)), kid: 'dk-rsa' };
        return { SERVICE_JWKS_FILE: write(sets), SERVICE_KEY_FILE: ownKey };
      },
      /SERVICE_JWKS_FILE\.DK\.keys\[0\]: the key is not an ES256 key/,
    ],
    [
      'own key is a public key',
      async () => ({
        SERVICE_JWKS_FILE: join(TEST_SERVICE_KEYS_DIR, 'jwks.json'),
        SERVICE_KEY_FILE: write(jwks().FI!.keys[0]),
      }),
      /SERVICE_KEY_FILE: .* is not a private key/,
    ],
    [
      "own key is not among the country's published keys",
      async () => {
        const { privateKey } = await generateKeyPair('ES256', { extractable: true });
        return {
          SERVICE_JWKS_FILE: join(TEST_SERVICE_KEYS_DIR, 'jwks.json'),
          SERVICE_KEY_FILE: write({ ...(await exportJWK(privateKey)), kid: 'fi-unpublished' }),
        };
      },
      /SERVICE_KEY_FILE: the key "fi-unpublished" .* is not among FI's public keys/,
    ],
  ])('refuses %s, naming the key', async (_name, environment, message) => {
    await expect(loadServiceKeys('FI', MEMBERS, await environment())).rejects.toThrow(message);
  });

  it('stops a national service at start, naming the key', async () => {
    const sets = jwks();
    // A member listed without a key (a country absent from the file is simply not a member).
    sets.IS = { keys: [] };
    const { code, output } = await runScript(
      'subgraphs/national/dist/main.js',
      [
        '--country',
        'FI',
        '--port',
        '0',
        '--database',
        `sqlite:${join(tempDir('service-keys'), 'fi.sqlite')}`,
      ],
      { ...countryKeyEnvironment('FI'), SERVICE_JWKS_FILE: write(sets), SERVICE_KEY_FILE: ownKey },
    );
    expect(code).not.toBe(0);
    expect(output).toMatch(/SERVICE_JWKS_FILE\.IS: .* lists no service key of IS/);
  });
});
