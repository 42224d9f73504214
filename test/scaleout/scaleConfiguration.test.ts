import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScript, tempDir } from '../support/services';

/** Scale-out settings are checked before the gateway (or any worker) starts, with the key and the fix. */
describe('scale-out configuration', () => {
  const dir = tempDir('scale-config');
  const config = join(dir, 'gateway.json');
  writeFileSync(
    config,
    JSON.stringify({
      network: { url: 'http://127.0.0.1:9/graphql' },
      countries: [
        {
          code: 'FI',
          national: 'http://127.0.0.1:9/graphql',
          crossborder: 'http://127.0.0.1:9/crossborder/graphql',
        },
      ],
    }),
  );

  it('refuses a worker count that is not a number, naming the flag and the fix', async () => {
    const run = await runScript('gateway/dist/main.js', ['--config', config, '--workers', 'many']);
    expect(run.code).toBe(2);
    expect(run.output).toMatch(
      /--workers: must be a whole number from 1 to 64, or auto\. Fix: e\.g\. --workers 2/,
    );
  });

  it('refuses GATEWAY_WORKERS=0', async () => {
    const run = await runScript('gateway/dist/main.js', ['--config', config], { GATEWAY_WORKERS: '0' });
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/GATEWAY_WORKERS: must be a whole number/);
  });

  it('refuses a trusted-documents manifest whose id is not the sha256 of its operation, before forking workers', async () => {
    const manifest = join(dir, 'tampered.json');
    writeFileSync(
      manifest,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [
          {
            id: '0'.repeat(64),
            name: 'Countries',
            type: 'query',
            body: 'query Countries { countries { code } }',
          },
        ],
      }),
    );
    const run = await runScript('gateway/dist/main.js', ['--config', config], {
      GATEWAY_WORKERS: '2',
      GATEWAY_TRUSTED_DOCUMENTS: manifest,
    });
    expect(run.code).toBe(2);
    expect(run.output).toMatch(
      /operation "Countries" has an id that is not the sha256 of its body; regenerate the manifest/,
    );
    expect(run.output).not.toMatch(/gateway worker/);
  });
});
