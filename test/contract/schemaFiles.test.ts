import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, type ObjectTypeDefinitionNode, parse, type StringValueNode } from 'graphql';
import { composeContract } from '../../schema/src/composition';
import { expectedSchemaFiles } from '../../schema/src/cli/writeSchema';
import { contractSdl, PARTITIONED_SUBGRAPHS } from '../../schema/src/subgraphs';

const SCHEMA_DIR = join(__dirname, '..', '..', 'schema');

describe('the checked-in Nordic schema contract', () => {
  it('matches what the contract code generates (run `npm run schema` when this fails)', async () => {
    const expected = await expectedSchemaFiles();
    expect(Object.keys(expected).sort()).toEqual([
      'crossborder.graphql',
      'national.graphql',
      'network.graphql',
      'supergraph.graphql',
    ]);
    for (const [file, content] of Object.entries(expected)) {
      const checkedIn = readFileSync(join(SCHEMA_DIR, file), 'utf8');
      expect({ file, upToDate: checkedIn === content }).toEqual({ file, upToDate: true });
    }
  });

  it('composes the three subgraphs without errors or hints', async () => {
    const { hints, supergraphSdl } = await composeContract();
    expect(hints).toEqual([]);
    expect(supergraphSdl).toContain('join__graph(name: "national"');
  });

  it('detects a stale or incompatible subgraph: a changed key field type fails composition', async () => {
    await expect(
      composeContract(async (name) => {
        const sdl = await contractSdl(name);
        return name === 'crossborder'
          ? sdl.replace(
              'type Case @key(fields: "id") {\n  id: ID!',
              'type Case @key(fields: "id") {\n  id: Int!',
            )
          : sdl;
      }),
    ).rejects.toThrow(/does not compose/);
  });

  it.each(PARTITIONED_SUBGRAPHS)(
    'declares a valid @partition route on every root field of %s',
    async (name) => {
      const document = parse(await contractSdl(name));
      const query = document.definitions.find(
        (d): d is ObjectTypeDefinitionNode =>
          d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Query',
      );
      expect(query?.fields?.length).toBeGreaterThan(0);
      for (const field of query?.fields ?? []) {
        const directive = field.directives?.find((d) => d.name.value === 'partition');
        expect({ field: field.name.value, hasPartition: directive !== undefined }).toEqual({
          field: field.name.value,
          hasPartition: true,
        });
        const arg = (n: string) =>
          (directive?.arguments?.find((a) => a.name.value === n)?.value as StringValueNode).value;
        const route = arg('route');
        const argument = field.arguments?.find((a) => a.name.value === arg('argument'));
        expect(argument).toBeDefined();
        const typeText = argument ? printType(argument.type) : '';
        const expectedType = { OWNER_OF_ID: 'ID!', ONE_COUNTRY: 'CountryCode!', SCATTER: '[CountryCode!]' }[
          route
        ];
        expect({ field: field.name.value, route, typeText }).toEqual({
          field: field.name.value,
          route,
          typeText: expectedType,
        });
      }
    },
  );
});

function printType(node: import('graphql').TypeNode): string {
  if (node.kind === Kind.NON_NULL_TYPE) return `${printType(node.type)}!`;
  if (node.kind === Kind.LIST_TYPE) return `[${printType(node.type)}]`;
  return node.name.value;
}
