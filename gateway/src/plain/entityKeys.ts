import { type ConstDirectiveNode, Kind, parse } from 'graphql';

/** For each subgraph, the key fields of each entity type it resolves, when that key is simple. */
export type EntityKeys = ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;

const argument = (directive: ConstDirectiveNode, name: string): string | undefined => {
  const value = directive.arguments?.find((a) => a.name.value === name)?.value;
  return value && (value.kind === Kind.STRING || value.kind === Kind.ENUM) ? value.value : undefined;
};

/**
 * Reads the supergraph's `@join__type(graph:, key:)`: an entity type with exactly one key of plain
 * fields (`"upc"`, `"id country"`) in a subgraph is identified there by those fields, so that two
 * representations of the same entity sent by different fetches (one with `@requires` fields, one
 * without) can be sent as one. A type with several keys, or a nested key, is left out: its
 * representations are only ever merged when they are identical.
 */
export function readEntityKeys(supergraphSdl: string): EntityKeys {
  const document = parse(supergraphSdl);
  const graphNames = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const graph = value.directives?.find((d) => d.name.value === 'join__graph');
      const name = graph && argument(graph, 'name');
      if (name) graphNames.set(value.name.value, name);
    }
  }
  const keys = new Map<string, Map<string, string[][]>>();
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION
    )
      continue;
    for (const directive of definition.directives ?? []) {
      if (directive.name.value !== 'join__type') continue;
      const graph = graphNames.get(argument(directive, 'graph') ?? '');
      const key = argument(directive, 'key');
      if (!graph || key === undefined) continue;
      const byType = keys.get(graph) ?? new Map<string, string[][]>();
      keys.set(graph, byType);
      const list = byType.get(definition.name.value) ?? [];
      byType.set(definition.name.value, list);
      list.push(/^[\s_A-Za-z0-9]+$/.test(key) ? key.trim().split(/\s+/) : []);
    }
  }
  const simple = new Map<string, Map<string, string[]>>();
  for (const [graph, byType] of keys) {
    const types = new Map<string, string[]>();
    for (const [type, list] of byType)
      if (list.length === 1 && (list[0] as string[]).length > 0) types.set(type, list[0] as string[]);
    simple.set(graph, types);
  }
  return simple;
}
