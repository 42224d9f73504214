import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPair, exportJWK } from 'jose';
import type { DataSource } from 'typeorm';
import {
  type ServiceSigningKey,
  devAuditChainKeyFile,
  devServiceJwksFile,
  devServiceKeyFile,
  loadServicePublicKeys,
  loadServiceSigningKey,
  signCheckpoint,
  verifyCosignature,
} from '../../subgraphs/common/src/auditCheckpoints';
import { AuditEventEntityRow, AuditEventRow } from '../../subgraphs/national/src/audit/auditEvent.entity';
import {
  type AuditEventInput,
  GENESIS_HASH,
  appendAuditEvents,
  auditEventHash,
  auditEventId,
  auditHashedColumns,
  canonicalAuditJson,
  useAuditChainKey,
} from '../../subgraphs/national/src/audit/auditLog';
import { loadAuditSettings } from '../../subgraphs/national/src/audit/auditSettings';
import { CheckpointPublisher } from '../../subgraphs/national/src/audit/checkpointPublisher';
import { runWriteTransaction } from '../../subgraphs/national/src/audit/writeTransaction';
import { createDataSource } from '../../subgraphs/national/src/database/dataSource';
import { TEST_AUTH_DIR, countryKeyEnvironment } from '../support/auth';
import { COUNTRIES, NordicNetwork } from '../support/nordicNetwork';
import { recreateDatabase } from '../support/postgres';
import { type RunningProcess, runScript, startNational, startNetwork, tempDir } from '../support/services';

/**
 * The audit log is tamper-evident against the administrator of the country's own database: its chain
 * is keyed with a secret the database does not hold, and signed checkpoints of its head are held by the
 * network registry and a witness country, which `audit:verify` compares the log with.
 */
const CLI = 'subgraphs/national/dist/audit/cli.js';
const CADENCE_MS = 300;
/** Bound of every wait for a checkpoint: many rounds of the cadence, even on a loaded host. */
const DEADLINE_MS = 30_000;

type Backend = 'SQLite' | 'PostgreSQL';

const chainKeyOf = (country: string) =>
  Buffer.from(
    (JSON.parse(readFileSync(devAuditChainKeyFile(country, TEST_AUTH_DIR), 'utf8')) as { key: string }).key,
    'base64',
  );
const signingKeyOf = (country: string) =>
  loadServiceSigningKey(devServiceKeyFile(country, TEST_AUTH_DIR), country);
const publicKeys = () => loadServicePublicKeys(devServiceJwksFile(TEST_AUTH_DIR));

interface Held {
  seq: number;
  head: string;
  at: string;
  checkpoint: string;
  cosignature: string | null;
}

async function held(receiver: string, country: string): Promise<Held[]> {
  const response = await fetch(`${receiver}/audit/checkpoints/${country}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { checkpoints: Held[] }).checkpoints;
}

async function post(
  receiver: string,
  checkpoint: unknown,
): Promise<{ status: number; code?: string; message?: string }> {
  const response = await fetch(`${receiver}/audit/checkpoints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ checkpoint }),
  });
  const body = (await response.json()) as { errors?: { message: string; extensions: { code: string } }[] };
  return {
    status: response.status,
    code: body.errors?.[0]?.extensions.code,
    message: body.errors?.[0]?.message,
  };
}

/** Polls until `found` returns a value (bounded by DEADLINE_MS): waits on the event, not on a fixed sleep. */
async function waitFor<T>(what: string, found: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const value = await found();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${DEADLINE_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let traces = 0;
function event(country: string, i: number): AuditEventInput {
  traces += 1;
  return {
    actorId: `sub-${country.toLowerCase()}-${i}`,
    actorOrg: `${country}:Organisation:nrm`,
    actorCountry: country,
    role: 'NATIONAL_COORDINATOR',
    action: 'READ_UNIT',
    entityType: 'Case',
    entityIds: [`${country}:Case:2025-00000${i}`],
    purpose: 'VICTIM_ASSISTANCE_CONTINUITY',
    legalBasis: null,
    servingCountry: country,
    crossBorder: false,
    resultCount: i,
    outcome: 'ALLOWED',
    traceId: traces.toString(16).padStart(32, '0'),
    queryHash: 'b'.repeat(64),
  };
}

const open: DataSource[] = [];
afterAll(async () => {
  for (const ds of open) if (ds.isInitialized) await ds.destroy();
});

async function connect(url: string, country: string): Promise<DataSource> {
  const ds = createDataSource({ url });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  useAuditChainKey(ds, chainKeyOf(country));
  open.push(ds);
  return ds;
}

async function append(ds: DataSource, country: string, count: number): Promise<void> {
  for (let i = 1; i <= count; i++)
    await runWriteTransaction(ds, (m) => appendAuditEvents(m, [event(country, i)]));
}

describe.each<Backend>(['SQLite', 'PostgreSQL'])('audit checkpoints on %s', (backend) => {
  const dir = tempDir('audit-checkpoints');
  const prefix = `nordic_test_ckpt_${backend === 'SQLite' ? 'l' : 'p'}`;
  const database = async (name: string) =>
    backend === 'SQLite' ? `sqlite:${join(dir, `${name}.sqlite`)}` : recreateDatabase(`${prefix}_${name}`);
  let registry: RunningProcess;
  let sweden: RunningProcess;
  let finland: RunningProcess;
  let finlandDb: string;
  /** Each country's witness here: Sweden, and Finland for Sweden itself. */
  const witnessOf = (country: string) => (country === 'SE' ? `FI=${finland.url}` : `SE=${sweden.url}`);
  const sources = (country: string) => ['--registry', registry.url, '--witnesses', witnessOf(country)];
  const verify = (country: string, url: string) =>
    runScript(CLI, ['verify', '--country', country, '--database', url, ...sources(country)], {
      ...countryKeyEnvironment(country),
      AUDIT_CHAIN_KEY: '',
      AUDIT_CHECKPOINT_REGISTRY_URL: '',
      AUDIT_CHECKPOINT_WITNESSES: '',
    });

  beforeAll(async () => {
    [registry, sweden] = await Promise.all([
      startNetwork(await database('network')),
      startNational({ country: 'SE', database: await database('se'), seed: false }),
    ]);
    finlandDb = await database('fi');
    finland = await startNational({
      country: 'FI',
      database: finlandDb,
      seed: false,
      env: {
        AUDIT_CHECKPOINT_REGISTRY_URL: registry.url,
        AUDIT_CHECKPOINT_WITNESSES: `SE=${sweden.url}`,
        AUDIT_CHECKPOINT_INTERVAL_MS: String(CADENCE_MS),
      },
    });
  });
  afterAll(async () => {
    await Promise.all([finland?.stop(), sweden?.stop(), registry?.stop()]);
  });

  it('publishes signed checkpoints of the head at the cadence, to the registry and to the witness', async () => {
    const ds = await connect(finlandDb, 'FI');
    await append(ds, 'FI', 3);
    const [head] = await ds.query('SELECT hash FROM audit_events WHERE seq = 3');
    const atRegistry = await waitFor('checkpoint of FI seq 3 at the registry', async () =>
      (await held(registry.url, 'FI')).find((c) => c.seq === 3),
    );
    expect(atRegistry).toMatchObject({ head: head.hash, cosignature: null });
    // The same head is signed again each round: a later time replaces the earlier one.
    const later = await waitFor('a later checkpoint round', async () =>
      (await held(registry.url, 'FI')).find((c) => c.seq === 3 && c.at > atRegistry.at),
    );
    expect(Date.parse(later.at) - Date.parse(atRegistry.at)).toBeGreaterThanOrEqual(CADENCE_MS - 50);

    const atWitness = await waitFor('checkpoint of FI seq 3 at the witness SE', async () =>
      (await held(sweden.url, 'FI')).find((c) => c.seq === 3),
    );
    const cosigned = await verifyCosignature(atWitness.cosignature, publicKeys());
    expect(cosigned).toMatchObject({ witness: 'SE', country: 'FI', seq: 3, head: head.hash });
    // The empty log's checkpoint came first (seq 0, the genesis hash).
    expect((await held(registry.url, 'FI'))[0]).toMatchObject({ seq: 0, head: GENESIS_HASH });
  });

  it('audit:verify finds an untouched log intact against the witnessed checkpoints', async () => {
    const result = await verify('FI', finlandDb);
    expect(result.output).toContain('fine: chain: 3 events, every hash verifies with the chain key');
    expect(result.output).toMatch(/fine: checkpoints: \d+ witnessed, the newest at seq 3/);
    expect(result.output).toMatch(/audit log of FI intact\n$/);
    expect(result.code).toBe(0);
  });

  describe('refuses a forged checkpoint', () => {
    const genuine = signingKeyOf('FI');
    const forgers: [string, () => Promise<ServiceSigningKey>][] = [
      [
        "a stranger's key under FI's key id",
        async () => {
          const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
          return { country: 'FI', kid: genuine.kid, jwk: await exportJWK(privateKey) };
        },
      ],
      [
        'a key nobody configured',
        async () => {
          const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
          return { country: 'FI', kid: 'fi-service-forged', jwk: await exportJWK(privateKey) };
        },
      ],
      ["Norway's real service key speaking for FI", async () => ({ ...signingKeyOf('NO'), country: 'FI' })],
    ];
    it.each(forgers)('signed with %s, at the registry and at the witness', async (_name, forger) => {
      const forged = await signCheckpoint(await forger(), {
        seq: 1_000,
        head: 'f'.repeat(64),
        at: new Date().toISOString(),
      });
      for (const receiver of [registry.url, sweden.url]) {
        expect(await post(receiver, forged)).toMatchObject({ status: 400, code: 'AUDIT_CHECKPOINT_INVALID' });
        expect((await held(receiver, 'FI')).some((c) => c.seq === 1_000)).toBe(false);
      }
    });

    it('that is altered, not a JWS, or a country witnessing itself', async () => {
      const real = await signCheckpoint(genuine, {
        seq: 3,
        head: 'a'.repeat(64),
        at: new Date().toISOString(),
      });
      const [header, , signature] = real.split('.');
      const payload = Buffer.from(
        JSON.stringify({
          typ: 'nordic-audit-checkpoint/v1',
          country: 'FI',
          seq: 1_000,
          head: 'a'.repeat(64),
          at: new Date().toISOString(),
        }),
      ).toString('base64url');
      for (const receiver of [registry.url, sweden.url]) {
        for (const bad of [`${header}.${payload}.${signature}`, 'not-a-jws', 42, null]) {
          expect(await post(receiver, bad)).toMatchObject({ status: 400, code: 'AUDIT_CHECKPOINT_INVALID' });
        }
      }
      const own = await post(finland.url, real);
      expect(own).toMatchObject({ status: 400, code: 'AUDIT_CHECKPOINT_INVALID' });
      expect(own.message).toMatch(/does not witness its own audit log/);
    });

    it("signed with FI's real key but cutting or rewriting what was witnessed (409)", async () => {
      const [latest] = (await held(registry.url, 'FI')).slice(-1);
      const at = new Date().toISOString();
      const lower = await signCheckpoint(genuine, { seq: 1, head: 'c'.repeat(64), at });
      const other = await signCheckpoint(genuine, { seq: latest!.seq, head: 'd'.repeat(64), at });
      for (const receiver of [registry.url, sweden.url]) {
        expect(await post(receiver, lower)).toMatchObject({ status: 409, code: 'AUDIT_CHECKPOINT_CONFLICT' });
        const rewritten = await post(receiver, other);
        expect(rewritten).toMatchObject({ status: 409, code: 'AUDIT_CHECKPOINT_CONFLICT' });
        expect(rewritten.message).toMatch(/the log was rewritten/);
      }
    });
  });

  /**
   * Each case tampers with a store of its own country's log (the registry keeps each country's
   * checkpoints monotonic), after a checkpoint of seq 8 went to the registry and to SE, as FI's did.
   */
  const attacks: [string, string, (ds: DataSource) => Promise<void>, RegExp[], number][] = [
    [
      'a cut tail (the newest events deleted)',
      'DK',
      async (ds) => {
        await ds.query('DELETE FROM audit_event_entities WHERE audit_seq > 6');
        await ds.query('DELETE FROM audit_events WHERE seq > 6');
      },
      [/TRUNCATION: the log ends at seq 6 but (registry|SE) witnessed seq 8 .*: events seq 7–8 are missing/],
      409,
    ],
    [
      'an event deleted and the chain recomputed without the key (plain SHA-256)',
      'NO',
      async (ds) => {
        await ds.query('DELETE FROM audit_event_entities WHERE audit_seq = 4');
        await ds.query('DELETE FROM audit_events WHERE seq = 4');
        const events = ds.getRepository(AuditEventRow);
        const index = ds.getRepository(AuditEventEntityRow);
        for (let seq = 5; seq <= 8; seq++) {
          await events.update({ seq }, { seq: seq - 1, id: auditEventId('NO', seq - 1) });
          await index.update({ auditSeq: seq }, { auditSeq: seq - 1 });
        }
        // The attacker re-chains from the event before the gap, as the unkeyed chain was computed.
        const columns = auditHashedColumns(ds);
        let prevHash = (await events.findOneByOrFail({ seq: 3 })).hash;
        for (let seq = 4; seq <= 7; seq++) {
          const { prevHash: _p, hash: _h, ...fields } = await events.findOneByOrFail({ seq });
          const hash = createHash('sha256')
            .update(prevHash)
            .update(canonicalAuditJson(fields, columns))
            .digest('hex');
          await events.update({ seq }, { prevHash, hash });
          prevHash = hash;
        }
      },
      [
        /REWRITE: event seq 4: hash mismatch/,
        /TRUNCATION: the log ends at seq 7 but (registry|SE) witnessed seq 8/,
      ],
      409,
    ],
    [
      'an edited event',
      'IS',
      async (ds) => {
        await ds.query("UPDATE audit_events SET actor_id = 'someone-else' WHERE seq = 5");
      },
      [/REWRITE: event seq 5: hash mismatch: the stored event was changed after it was written/],
      201,
    ],
    [
      'an event edited by an insider who also holds the chain key, and the chain recomputed with it',
      'SE',
      async (ds) => {
        const events = ds.getRepository(AuditEventRow);
        const columns = auditHashedColumns(ds);
        await events.update({ seq: 5 }, { actorId: 'someone-else' });
        let prevHash = (await events.findOneByOrFail({ seq: 4 })).hash;
        for (let seq = 5; seq <= 8; seq++) {
          const { prevHash: _p, hash: _h, ...fields } = await events.findOneByOrFail({ seq });
          const hash = auditEventHash(chainKeyOf('SE'), prevHash, fields, columns);
          await events.update({ seq }, { prevHash, hash });
          prevHash = hash;
        }
      },
      [/REWRITE: event seq 8 is not the one (registry|FI) witnessed at .* \(another head hash\)/],
      // The rewritten head at the witnessed seq contradicts the witnessed one.
      409,
    ],
  ];

  it.each(attacks)('audit:verify names %s (%s)', async (_name, country, tamper, findings, republished) => {
    const url = await database(`tamper_${country.toLowerCase()}`);
    const ds = await connect(url, country);
    await append(ds, country, 8);
    const settings = loadAuditSettings(country, {
      ...process.env,
      ...countryKeyEnvironment(country),
      AUDIT_CHECKPOINT_REGISTRY_URL: registry.url,
      AUDIT_CHECKPOINT_WITNESSES: witnessOf(country),
    });
    const witness = country === 'SE' ? 'FI' : 'SE';
    const round = await new CheckpointPublisher(ds, settings).publishOnce();
    expect(round).toMatchObject({ seq: 8, answers: { registry: 201, [witness]: 201 } });
    expect((await verify(country, url)).code).toBe(0);

    await tamper(ds);
    const result = await verify(country, url);
    for (const finding of findings) expect(result.output).toMatch(finding);
    expect(result.output).toMatch(
      new RegExp(`audit log of ${country} TAMPERED: ${findings.length} findings?\\n$`),
    );
    expect(result.code).toBe(1);
    // The country's next checkpoint of a shorter log is refused by both receivers (409): a cut shows at
    // once; an edit below the head leaves the head as witnessed (201), and only audit:verify finds it.
    const next = await new CheckpointPublisher(ds, settings).publishOnce();
    expect(next.answers).toEqual({ registry: republished, [witness]: republished });
  });
});

describe('the test network (npm start has the same ring)', () => {
  const network = new NordicNetwork({ backend: 'sqlite', auditCheckpointIntervalMs: CADENCE_MS });
  beforeAll(() => network.start());
  afterAll(() => network.stop());

  it("publishes every country's checkpoints to the registry and to the next country, which countersigns them", async () => {
    const keys = publicKeys();
    for (const [i, country] of COUNTRIES.entries()) {
      const witness = COUNTRIES[(i + 1) % COUNTRIES.length] as string;
      await waitFor(`${country}'s checkpoint at the registry`, async () =>
        (await held(network.network.url, country)).length > 0 ? true : undefined,
      );
      const atWitness = await waitFor(`${country}'s checkpoint at ${witness}`, async () => {
        const url = network.countries.get(witness)?.process.url as string;
        return (await held(url, country))[0];
      });
      expect(await verifyCosignature(atWitness.cosignature, keys)).toMatchObject({ witness, country });
    }
    // None refused (a witness that was not listening yet at the first round only missed that round).
    expect(network.allOutput()).not.toMatch(/audit checkpoint .* refused/);
  });
});

describe('the audit keys are configuration: a service refuses to start without them, naming the key and the fix', () => {
  const keys = { ...process.env, ...countryKeyEnvironment('FI') };
  const dir = tempDir('audit-config');
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const cases: [string, NodeJS.ProcessEnv, RegExp][] = [
    [
      'no chain key file',
      { AUDIT_CHAIN_KEY_FILE: '/nonexistent/chain.json' },
      /AUDIT_CHAIN_KEY_FILE: no file at \/nonexistent\/chain\.json\. Fix: set AUDIT_CHAIN_KEY_FILE to a JSON file/,
    ],
    [
      'a short chain key',
      { AUDIT_CHAIN_KEY_FILE: file('short.json', { key: 'c2hvcnQ=' }) },
      /AUDIT_CHAIN_KEY_FILE: .*key must hold at least 32 random bytes/,
    ],
    [
      'a chain key configured twice',
      { AUDIT_CHAIN_KEY: 'x' },
      /AUDIT_CHAIN_KEY_FILE: is set together with AUDIT_CHAIN_KEY/,
    ],
    [
      "another country's service key",
      { SERVICE_SIGNING_KEY_FILE: devServiceKeyFile('SE', TEST_AUTH_DIR) },
      /SERVICE_SIGNING_KEY_FILE: .* is the service key of SE, not FI\. Fix: set SERVICE_SIGNING_KEY_FILE/,
    ],
    [
      'a public key as the signing key',
      {
        SERVICE_SIGNING_KEY_FILE: file('public.json', {
          kty: 'OKP',
          crv: 'Ed25519',
          x: 'x',
          kid: 'k',
          country: 'FI',
        }),
      },
      /SERVICE_SIGNING_KEY_FILE: .*public\.json: d must be the private key \(with "d"\)\. Fix:/,
    ],
    [
      'no service JWKS',
      { SERVICE_KEYS_JWKS: '/nonexistent/jwks.json' },
      /SERVICE_KEYS_JWKS: no file at \/nonexistent\/jwks\.json\. Fix: set SERVICE_KEYS_JWKS/,
    ],
    [
      'a private key in the service JWKS',
      {
        SERVICE_KEYS_JWKS: file('private-jwks.json', {
          keys: [JSON.parse(readFileSync(devServiceKeyFile('FI', TEST_AUTH_DIR), 'utf8'))],
        }),
      },
      /SERVICE_KEYS_JWKS: .* holds a private key/,
    ],
    [
      'a cadence of 0',
      { AUDIT_CHECKPOINT_INTERVAL_MS: '0' },
      /AUDIT_CHECKPOINT_INTERVAL_MS: must be a whole number from 100/,
    ],
    [
      'a registry that is no URL',
      { AUDIT_CHECKPOINT_REGISTRY_URL: 'registry' },
      /AUDIT_CHECKPOINT_REGISTRY_URL: must be an http\(s\) URL/,
    ],
    [
      'the country as its own witness',
      { AUDIT_CHECKPOINT_WITNESSES: 'FI=http://127.0.0.1:4011' },
      /AUDIT_CHECKPOINT_WITNESSES: FI cannot witness its own audit log/,
    ],
  ];
  it.each(cases)('%s', (_name, env, message) => {
    expect(() => loadAuditSettings('FI', { ...keys, ...env })).toThrow(message);
  });

  it('the national service and the registry exit with code 2 and say so', async () => {
    const national = await runScript(
      'subgraphs/national/dist/main.js',
      ['--country', 'FI', '--port', '0', '--database', `sqlite:${join(dir, 'fi.sqlite')}`],
      { ...countryKeyEnvironment('FI'), AUDIT_CHAIN_KEY_FILE: '/nonexistent/chain.json' },
    );
    expect(national.code).toBe(2);
    expect(national.output).toMatch(/AUDIT_CHAIN_KEY_FILE: no file at \/nonexistent\/chain\.json\. Fix:/);
    const registry = await runScript(
      'subgraphs/network/dist/main.js',
      ['--port', '0', '--database', `sqlite:${join(dir, 'network.sqlite')}`],
      { SERVICE_KEYS_JWKS: '/nonexistent/jwks.json' },
    );
    expect(registry.code).toBe(2);
    expect(registry.output).toMatch(
      /SERVICE_KEYS_JWKS: no file at \/nonexistent\/jwks\.json\. Fix: set SERVICE_KEYS_JWKS/,
    );
  });
});
