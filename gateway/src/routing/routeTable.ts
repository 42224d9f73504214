import {
  type DocumentNode,
  Kind,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
  parse,
} from 'graphql';
import { type PartitionRoute, isPartitionRoute } from '@nordic/schema';

export interface FieldRoute {
  route: PartitionRoute;
  /** The argument that names the country, id or countries. */
  argument: string;
}

/** Root field name → route, per root operation type, for one partitioned subgraph. */
export interface RouteTable {
  query: ReadonlyMap<string, FieldRoute>;
  mutation: ReadonlyMap<string, FieldRoute>;
}

function stringArgument(
  directive: { arguments?: readonly { name: { value: string }; value: { kind: string } }[] },
  name: string,
) {
  const arg = directive.arguments?.find((a) => a.name.value === name);
  return arg && arg.value.kind === Kind.STRING
    ? (arg.value as unknown as { value: string }).value
    : undefined;
}

/**
 * Reads the `@partition(route:, argument:)` declarations of a partitioned subgraph's contract SDL.
 * A root field without one cannot be routed, so the gateway refuses to start rather than guess.
 */
export function readRouteTable(subgraph: string, sdl: string | DocumentNode): RouteTable {
  const document = typeof sdl === 'string' ? parse(sdl) : sdl;
  const tables = { query: new Map<string, FieldRoute>(), mutation: new Map<string, FieldRoute>() };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION)
      continue;
    const typeName = (definition as ObjectTypeDefinitionNode | ObjectTypeExtensionNode).name.value;
    const table = typeName === 'Query' ? tables.query : typeName === 'Mutation' ? tables.mutation : null;
    if (!table) continue;
    for (const field of definition.fields ?? []) {
      if (field.name.value.startsWith('_')) continue;
      const directive = field.directives?.find((d) => d.name.value === 'partition');
      const route = directive && stringArgument(directive, 'route');
      const argument = directive && stringArgument(directive, 'argument');
      if (!isPartitionRoute(route) || !argument) {
        throw new Error(
          `${subgraph}: root field ${typeName}.${field.name.value} has no valid @partition(route:, argument:); the gateway cannot route it.`,
        );
      }
      if (!field.arguments?.some((a) => a.name.value === argument)) {
        throw new Error(
          `${subgraph}: @partition on ${typeName}.${field.name.value} names a missing argument "${argument}".`,
        );
      }
      table.set(field.name.value, { route, argument });
    }
  }
  return tables;
}
