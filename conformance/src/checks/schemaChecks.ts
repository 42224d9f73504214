/** The served SDL (`_service { sdl }`) of each endpoint is compatible with the contract's. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkCompatibility } from '@nordic/schema/compatibility';
import { type Check, type Target, dataOf, fail, pass } from './check';

/** The contract's SDL of a subgraph, as the schema package ships it. */
export function contractSdl(subgraph: 'national' | 'crossborder'): string {
  const schemaPackage = dirname(require.resolve('@nordic/schema/package.json'));
  return readFileSync(join(schemaPackage, `${subgraph}.graphql`), 'utf8');
}

function servedSdlIsCompatible(subgraph: 'national' | 'crossborder'): Check {
  return {
    area: 'schema',
    name: `the ${subgraph} endpoint serves an SDL compatible with the contract`,
    async run(target: Target) {
      const url = subgraph === 'national' ? target.nationalUrl : target.crossborderUrl;
      // `_service` is data-free: no token is needed, as for the gateway's own schema checks.
      const answer = await target.client.post<{ _service: { sdl: string } }>(url, '{ _service { sdl } }', {
        token: null,
      });
      const sdl = dataOf(answer, '_service { sdl }')._service.sdl;
      const result = await checkCompatibility(contractSdl(subgraph), sdl);
      if (!result.compatible) {
        const shown = result.breaking.slice(0, 8).join('; ');
        return fail(`${result.breaking.length} breaking change(s) against the contract: ${shown}`);
      }
      return pass('identical to the contract or only additive');
    },
  };
}

export const schemaChecks: Check[] = [
  servedSdlIsCompatible('national'),
  servedSdlIsCompatible('crossborder'),
];
