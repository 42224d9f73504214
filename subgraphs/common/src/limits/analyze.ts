import {
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** The largest page size a list argument counts for (the subgraphs serve at most 100 per page). */
export const MAX_LIST_SIZE = 100;
/** Arguments read as the size of a list field. */
const SIZE_ARGUMENTS = ['first', 'limit'];

export interface OperationMetrics {
  /** Longest chain of nested fields (`{ a { b } }` is 2). */
  depth: number;
  /** Estimated cost (model below). */
  cost: number;
  /** Aliased fields, each spread of a fragment counted again. */
  aliases: number;
  /** Distinct root response keys. */
  rootFields: number;
  /** Introspection entry points selected (`__schema`, `__type`); `__typename` is not one. */
  introspection: string[];
}

interface Summary {
  depth: number;
  cost: number;
  aliases: number;
  introspection: Set<string>;
}

const EMPTY: Summary = { depth: 0, cost: 0, aliases: 0, introspection: new Set() };

/**
 * Measures one operation of a parsed (and validated) document, fragments expanded.
 *
 * Cost model — an estimate of the resolver calls and rows the subgraphs serve:
 * - every field costs 1;
 * - a field whose type is a list (`[T]`, `[T!]!`, …) counts its sub-selection once per item:
 *   `cost = 1 + size × cost(sub-selection)`, where size is the field's `first` (or `limit`) argument —
 *   a literal, a variable's value (or the variable's default), else the argument's schema default —
 *   capped at 100 (`MAX_LIST_SIZE`), or `defaultListSize` when the field has no such argument;
 *   a federation `_entities` field counts the representations it is given (the gateway's entity
 *   fetches to a subgraph, or anyone calling a subgraph directly);
 * - a field with a `first` argument whose type is a page (an object with a `nodes` list, like
 *   `CountryCasePage`) gives that size to the page's `nodes`; a list of pages counts one page per country
 *   in its `countries` argument, else `defaultListSize` pages;
 * - a non-list field adds its sub-selection once: `cost = 1 + cost(sub-selection)`;
 * - fragments (named and inline) add their selections where they are spread; the branches of an
 *   abstract type are summed (an upper bound).
 * So `countries { cases(first: 100) { links { id } } }` costs 1 + 20 × (1 + 100 × (1 + 20 × 1)).
 *
 * Meta fields (`__typename`, `__schema`, `__type` and everything under them) cost nothing and add
 * no depth: the service answers them itself, and introspection is refused separately in production.
 *
 * Each named fragment is measured once and reused (so fragment fan-out cannot make this walk
 * exponential); a fragment that spreads itself (rejected by validation anyway) counts as empty.
 */
export function analyzeOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
  defaultListSize: number,
): OperationMetrics {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);

  const variableDefaults = new Map<string, unknown>();
  for (const v of operation.variableDefinitions ?? [])
    if (v.defaultValue) variableDefaults.set(v.variable.name.value, valueFromASTUntyped(v.defaultValue));

  // Keyed by fragment and the page size its `nodes` would take: a finite set, measured once each.
  const memo = new Map<string, Summary>();
  const inProgress = new Set<string>();

  const fragmentSummary = (name: string, pageSize: number | null): Summary => {
    const key = `${name}|${pageSize ?? ''}`;
    const known = memo.get(key);
    if (known) return known;
    const fragment = fragments.get(name);
    if (!fragment || inProgress.has(name)) return EMPTY;
    inProgress.add(name);
    const summary = summarize(
      fragment.selectionSet,
      schema.getType(fragment.typeCondition.name.value),
      pageSize,
    );
    inProgress.delete(name);
    memo.set(key, summary);
    return summary;
  };

  /** The value of a field's argument: a literal, or a variable's value (or its default). */
  const argumentValue = (field: FieldNode, name: string): unknown => {
    const node = field.arguments?.find((a) => a.name.value === name);
    if (!node) return undefined;
    if (node.value.kind !== Kind.VARIABLE) return valueFromASTUntyped(node.value);
    const variable = node.value.name.value;
    return variables?.[variable] !== undefined ? variables[variable] : variableDefaults.get(variable);
  };

  const listSize = (field: FieldNode, definition: GraphQLField<unknown, unknown>): number => {
    // A federation entity fetch returns one item per representation it is given.
    if (field.name.value === '_entities') {
      const node = field.arguments?.find((a) => a.name.value === 'representations');
      const value =
        node?.value.kind === Kind.VARIABLE
          ? variables?.[node.value.name.value]
          : node
            ? valueFromASTUntyped(node.value)
            : undefined;
      if (Array.isArray(value)) return value.length;
    }
    for (const argName of SIZE_ARGUMENTS) {
      const argDef = definition.args.find((a) => a.name === argName);
      if (!argDef) continue;
      const node = field.arguments?.find((a) => a.name.value === argName);
      let value: unknown = argDef.defaultValue;
      if (node?.value.kind === Kind.VARIABLE) {
        const name = node.value.name.value;
        value = variables?.[name] !== undefined ? variables[name] : (variableDefaults.get(name) ?? value);
      } else if (node) {
        value = valueFromASTUntyped(node.value);
      }
      if (typeof value === 'number' && Number.isFinite(value))
        return Math.min(Math.max(Math.ceil(value), 0), MAX_LIST_SIZE);
    }
    return defaultListSize;
  };

  /** Whether a type is a page of the contract (`CountryCasePage`, `AuditEventPage`): it has a `nodes` list. */
  const isPage = (type: GraphQLNamedType): boolean => {
    if (!isObjectType(type)) return false;
    const nodes = type.getFields().nodes;
    return nodes !== undefined && isListType(getNullableType(nodes.type));
  };

  /**
   * `pageSize`: set inside a page type whose field took the `first` argument (`cases(first: 100)` returns
   * one page per country, each with up to 100 `nodes`): that is the size of `nodes`, not of the pages.
   */
  const summarize = (
    selectionSet: SelectionSetNode,
    parentType: GraphQLNamedType | undefined,
    pageSize: number | null = null,
  ): Summary => {
    const result: Summary = { depth: 0, cost: 0, aliases: 0, introspection: new Set() };
    const add = (s: Summary) => {
      result.depth = Math.max(result.depth, s.depth);
      result.cost += s.cost;
      result.aliases += s.aliases;
      for (const name of s.introspection) result.introspection.add(name);
    };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const aliases = selection.alias ? 1 : 0;
        if (name.startsWith('__')) {
          add({
            depth: 0,
            cost: 0,
            aliases,
            introspection: name === '__typename' ? new Set() : new Set([name]),
          });
          continue;
        }
        const definition =
          isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[name] : undefined;
        const isList = definition !== undefined && isListType(getNullableType(definition.type));
        const namedType = definition ? getNamedType(definition.type) : undefined;
        const paged =
          definition !== undefined &&
          namedType !== undefined &&
          isPage(namedType) &&
          SIZE_ARGUMENTS.some((arg) => definition.args.some((a) => a.name === arg));
        let size = isList ? (definition ? listSize(selection, definition) : 1) : 1;
        let childPageSize: number | null = null;
        if (paged && definition) {
          // The page size goes to the page's nodes; a list of pages has one per country asked.
          childPageSize = listSize(selection, definition);
          const countries = argumentValue(selection, 'countries');
          size = isList ? (Array.isArray(countries) ? countries.length : defaultListSize) : 1;
        } else if (name === 'nodes' && pageSize !== null && isList) {
          size = pageSize;
        }
        const child =
          selection.selectionSet && definition
            ? summarize(selection.selectionSet, namedType, childPageSize)
            : EMPTY;
        add({
          depth: 1 + child.depth,
          cost: 1 + size * child.cost,
          aliases: aliases + child.aliases,
          introspection: child.introspection,
        });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition
          ? schema.getType(selection.typeCondition.name.value)
          : parentType;
        add(summarize(selection.selectionSet, type, pageSize));
      } else {
        add(fragmentSummary(selection.name.value, pageSize));
      }
    }
    return result;
  };

  const rootKeys = new Set<string>();
  const spreadAtRoot = new Set<string>();
  const collectRootKeys = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (!selection.name.value.startsWith('__')) rootKeys.add(key);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collectRootKeys(selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !spreadAtRoot.has(fragment.name.value)) {
          spreadAtRoot.add(fragment.name.value);
          collectRootKeys(fragment.selectionSet);
        }
      }
    }
  };
  collectRootKeys(operation.selectionSet);

  const summary = summarize(
    operation.selectionSet,
    schema.getRootType(operation.operation) ?? undefined,
    null,
  );
  return {
    depth: summary.depth,
    cost: summary.cost,
    aliases: summary.aliases,
    rootFields: rootKeys.size,
    introspection: [...summary.introspection].sort(),
  };
}
