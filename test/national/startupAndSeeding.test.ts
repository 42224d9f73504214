import { join } from 'node:path';
import { coordinatorOf, countryKeyEnvironment } from '../support/auth';
import { postGraphql } from '../support/graphql';
import { nationalMigrations } from '../../subgraphs/national/src/database/migrations';
import { recreateDatabase } from '../support/postgres';
import { runScript, startNational, startProcess, tempDir } from '../support/services';

const SEED = 'subgraphs/national/dist/seed/cli.js';
const NATIONAL = 'subgraphs/national/dist/main.js';
const MIGRATE = 'subgraphs/national/dist/database/migrateCli.js';

describe('starting and seeding a national service', () => {
  it.each([
    [['--country', 'XX'], /country: must be an ISO 3166-1 alpha-2 country code\. Fix: pass --country FI/],
    [['--country', 'FI', '--database', 'mysql://x'], /databaseUrl: must be sqlite:<file> or postgres:/],
    [['--country', 'FI', '--port', 'eighty'], /port: .*Fix: pass --port 4011/],
    [
      ['--country', 'FI', '--suppression-threshold', '1'],
      /suppressionThreshold: .*Fix: set SUPPRESSION_THRESHOLD/,
    ],
    [
      ['--country', 'FI', '--suppression-threshold', '9', '--perturbation-max-deviation', '3'],
      /perturbationMaxDeviation: a threshold of 9 needs a maximum deviation of at least 4.*Fix: set PERTURBATION_MAX_DEVIATION/,
    ],
    [
      ['--country', 'FI', '--perturbation-max-deviation', '0'],
      /perturbationMaxDeviation: .*Fix: set PERTURBATION_MAX_DEVIATION/,
    ],
    [
      ['--country', 'SE', '--rapporteur-case-access', 'sometimes'],
      /rapporteurCaseAccess: .*Fix: set RAPPORTEUR_CASE_ACCESS/,
    ],
  ])('refuses to start with invalid configuration %p, naming the key and the fix', async (args, message) => {
    const { code, output } = await runScript(NATIONAL, args);
    expect(code).toBe(2);
    expect(output).toMatch(/invalid configuration/);
    expect(output).toMatch(message);
  });

  it('seeds the same synthetic data every time (fixed seed), and refuses to seed a store twice', async () => {
    const dir = tempDir('seed');
    const [a, b] = [join(dir, 'a.sqlite'), join(dir, 'b.sqlite')];
    for (const file of [a, b]) {
      const seeded = await runScript(SEED, [
        '--country',
        'DK',
        '--years',
        '2022-2024',
        '--database',
        `sqlite:${file}`,
      ]);
      expect(seeded.output).toMatch(/seeded DK: \d+ cases/);
      expect(seeded.code).toBe(0);
    }
    const again = await runScript(SEED, ['--country', 'DK', '--database', `sqlite:${a}`]);
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/already holds \d+ cases; seed only an empty store/);

    const services = await Promise.all(
      [a, b].map((file) => startNational({ country: 'DK', database: `sqlite:${file}`, seed: false })),
    );
    try {
      // 50 cases with their nested lists: within the service's own cost limit (NATIONAL_MAX_COST).
      const query = `{ cases(first: 50) { totalCount nodes { id openedMonth subject { sex ageBandAtIdentification citizenship } exploitations { form industry country } events { type country month } } } }`;
      const danish = { token: await coordinatorOf('DK') };
      const [first, second] = await Promise.all(
        services.map((s) => postGraphql(`${s.url}/graphql`, query, undefined, danish)),
      );
      expect(first.errors).toBeUndefined();
      const page = (first.data as any).cases[0];
      expect(page.totalCount).toBeGreaterThanOrEqual(3 * 80); // DK: 80–115 a year
      expect(page.totalCount).toBeLessThanOrEqual(3 * 115);
      expect(second.data).toEqual(first.data);
    } finally {
      await Promise.all(services.map((s) => s.stop()));
    }
  });

  it('refuses to start on a PostgreSQL store whose schema is behind, naming the command that fixes it; npm run migrate is idempotent', async () => {
    const database = await recreateDatabase('nordic_test_migrate_fi');
    const refused = await runScript(
      NATIONAL,
      ['--country', 'FI', '--port', '0', '--database', database],
      countryKeyEnvironment('FI'),
    );
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(
      /the FI store's schema is behind this release \(pending: InitialNationalSchema\d+, AuditLog\d+/,
    );
    expect(refused.output).toContain(`npm run migrate -- --country FI --database ${database}`);

    const first = await runScript(MIGRATE, ['--country', 'FI', '--database', database]);
    expect(first.code).toBe(0);
    const all = nationalMigrations.map((m) => m.name);
    expect(first.output).toContain(`FI: applied ${all.length} migration(s): ${all.join(', ')}.`);
    const second = await runScript(MIGRATE, ['--country', 'FI', '--database', database]);
    expect(second.code).toBe(0);
    expect(second.output).toMatch(/FI: the store is up to date; nothing to apply\./);

    const service = await startProcess(
      NATIONAL,
      ['--country', 'FI', '--port', '0', '--database', database],
      countryKeyEnvironment('FI'),
    );
    try {
      const health = await fetch(`${service.url}/health`);
      expect(health.status).toBe(200);
    } finally {
      await service.stop();
    }
    const badArgs = await runScript(MIGRATE, ['--country', 'XX']);
    expect(badArgs.code).toBe(2);
    expect(badArgs.output).toMatch(
      /country: must be an ISO 3166-1 alpha-2 country code\. Fix: pass --country FI/,
    );
  });

  it('migrates an embedded SQLite store by itself, unless told not to', async () => {
    const file = join(tempDir('migrate'), 'is.sqlite');
    const args = ['--country', 'IS', '--port', '0', '--database', `sqlite:${file}`];
    const refused = await runScript(
      NATIONAL,
      [...args, '--migrate-on-start', 'false'],
      countryKeyEnvironment('IS'),
    );
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`npm run migrate -- --country IS --database sqlite:${file}`);
    const service = await startProcess(NATIONAL, args, countryKeyEnvironment('IS'));
    await service.stop();
  });
});
