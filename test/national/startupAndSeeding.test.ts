import { join } from 'node:path';
import { coordinatorOf } from '../support/auth';
import { postGraphql } from '../support/graphql';
import { runScript, startNational, tempDir } from '../support/services';

const SEED = 'subgraphs/national/dist/seed/cli.js';
const NATIONAL = 'subgraphs/national/dist/main.js';

describe('starting and seeding a national service', () => {
  it.each([
    [['--country', 'XX'], /country: must be one of FI, SE, NO, DK, IS\. Fix: pass --country FI/],
    [['--country', 'FI', '--database', 'mysql://x'], /databaseUrl: must be sqlite:<file> or postgres:/],
    [['--country', 'FI', '--port', 'eighty'], /port: .*Fix: pass --port 4011/],
    [
      ['--country', 'FI', '--suppression-threshold', '1'],
      /suppressionThreshold: .*Fix: set SUPPRESSION_THRESHOLD/,
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
      const query = `{ cases(first: 100) { totalCount nodes { id openedMonth subject { sex ageBandAtIdentification citizenship } exploitations { form industry country } events { type country month } } } }`;
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
});
