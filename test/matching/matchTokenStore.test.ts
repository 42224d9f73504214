import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { MigratedStores, type StoreBackend } from '../support/migratedStores';
import { loadNationalConfig } from '../../subgraphs/national/src/config';
import { refreshMatchTokens } from '../../subgraphs/national/src/matching/refreshMatchTokens';
import { seedCountry } from '../../subgraphs/national/src/seed/writeSeed';
import { tempDir } from '../support/services';
import { countryKeyEnvironment } from '../support/auth';

type Backend = StoreBackend;
const stores = new MigratedStores('match-store');
const newStore = (backend: Backend) => stores.create(backend);

interface TokenRow {
  caseSeq: number;
  scheme: string;
  keyVersion: number;
  value: string;
}

const tokenRows = async (ds: DataSource): Promise<TokenRow[]> =>
  (
    await ds.query('SELECT case_seq, scheme, key_version, value FROM match_tokens ORDER BY case_seq, scheme')
  ).map((r: any) => ({
    caseSeq: Number(r.case_seq),
    scheme: r.scheme,
    keyVersion: Number(r.key_version),
    value: r.value,
  }));

afterAll(() => stores.closeAll());

describe.each<Backend>(['SQLite', 'PostgreSQL'])('match tokens in a national store on %s', (backend) => {
  it('are created by the frozen migration exactly as the entities describe them', async () => {
    const ds = await newStore(backend);
    expect(await tokenRows(ds)).toEqual([]);
    expect(await ds.query('SELECT COUNT(*) AS n FROM match_requests')).toEqual([{ n: expect.anything() }]);
    const log = await ds.driver.createSchemaBuilder().log();
    expect(log.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('are computed for every person that has the fields, and all recomputed when the key version changes', async () => {
    const ds = await newStore(backend);
    await seedCountry(ds, 'IS', { yearFrom: 2023, yearTo: 2024, scale: 1 });
    const persons = Number((await ds.query('SELECT COUNT(*) AS n FROM person_identities'))[0].n);

    const first = await refreshMatchTokens(ds, { version: 1, secret: randomBytes(32) });
    const v1 = await tokenRows(ds);
    expect(first).toEqual({ removed: 0, computed: v1.length });
    expect(v1.length).toBeGreaterThan(persons); // most persons have both tokens
    expect(v1.every((t) => t.keyVersion === 1 && /^[0-9a-f]{64}$/.test(t.value))).toBe(true);
    // Nothing to do on the next start with the same key.
    expect(await refreshMatchTokens(ds, { version: 1, secret: randomBytes(32) })).toEqual({
      removed: 0,
      computed: 0,
    });

    const rotated = await refreshMatchTokens(ds, { version: 2, secret: randomBytes(32) });
    const v2 = await tokenRows(ds);
    expect(rotated).toEqual({ removed: v1.length, computed: v1.length });
    expect(v2.map((t) => [t.caseSeq, t.scheme])).toEqual(v1.map((t) => [t.caseSeq, t.scheme]));
    expect(v2.every((t) => t.keyVersion === 2)).toBe(true);
    const old = new Set(v1.map((t) => t.value));
    expect(v2.some((t) => old.has(t.value))).toBe(false);
  });
});

describe('the linkage key configuration', () => {
  const base = ['--country', 'FI'];
  // The service's other keys (audit chain, service key) as in every test; the linkage key is the subject here.
  const keys = { SERVICE_KEYS_JWKS: process.env.SERVICE_KEYS_JWKS, ...countryKeyEnvironment('FI') };
  const load = (env: NodeJS.ProcessEnv) => () => loadNationalConfig(base, { ...keys, ...env });

  it('reads the key and its version from the environment or from a key file', () => {
    const key = randomBytes(32).toString('base64');
    expect(
      loadNationalConfig(base, { ...keys, LINKAGE_KEY: key, LINKAGE_KEY_VERSION: '7' }).linkageKey.version,
    ).toBe(7);
    const file = join(tempDir('linkage-config'), 'key.json');
    writeFileSync(file, JSON.stringify({ version: 3, key }));
    const config = loadNationalConfig(base, { ...keys, LINKAGE_KEY_FILE: file });
    expect(config.linkageKey.version).toBe(3);
    expect(config.linkageKey.secret.equals(Buffer.from(key, 'base64'))).toBe(true);
  });

  it('refuses to start without a usable key, naming the key and the fix', () => {
    expect(load({ LINKAGE_KEY: 'c2hvcnQ=', LINKAGE_KEY_VERSION: '1' })).toThrow(
      /LINKAGE_KEY: must hold at least 32 random bytes\. Fix: set LINKAGE_KEY to the network's linkage key/,
    );
    expect(load({ LINKAGE_KEY: randomBytes(32).toString('base64') })).toThrow(
      /LINKAGE_KEY_VERSION: must be a whole number from 1\. Fix: set LINKAGE_KEY_VERSION/,
    );
    expect(load({ LINKAGE_KEY_FILE: '/nonexistent/key.json' })).toThrow(
      /LINKAGE_KEY_FILE: no file at \/nonexistent\/key\.json\. Fix: set LINKAGE_KEY_FILE to a JSON file/,
    );
    const file = join(tempDir('linkage-config'), 'key.json');
    writeFileSync(file, JSON.stringify({ version: 0, key: 'not base64!' }));
    expect(load({ LINKAGE_KEY_FILE: file })).toThrow(
      /LINKAGE_KEY_FILE\.version: must be a whole number from 1/,
    );
    expect(load({ LINKAGE_KEY_FILE: file })).toThrow(/LINKAGE_KEY_FILE\.key: must be base64/);
    expect(
      load({
        LINKAGE_KEY_FILE: file,
        LINKAGE_KEY: randomBytes(32).toString('base64'),
        LINKAGE_KEY_VERSION: '1',
      }),
    ).toThrow(/LINKAGE_KEY_FILE: is set together with LINKAGE_KEY/);
  });
});
