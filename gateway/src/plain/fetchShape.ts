import {
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  parse,
  print,
  visit,
} from 'graphql';

/** The response names a selection can produce, nested (type conditions flattened away). */
export type ResponseTree = ReadonlyMap<string, ResponseTree>;

function responseTree(
  selectionSet: SelectionSetNode,
  into = new Map<string, Map<string, unknown>>(),
): ResponseTree {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.alias?.value ?? selection.name.value;
      const inner = into.get(name) ?? new Map();
      into.set(name, inner);
      if (selection.selectionSet)
        responseTree(selection.selectionSet, inner as Map<string, Map<string, unknown>>);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) responseTree(selection.selectionSet, into);
  }
  return into as unknown as ResponseTree;
}

/** Whether an error at `path` (below one entity; list indexes skipped) is about a field of `tree`. */
export function selects(tree: ResponseTree, path: readonly (string | number)[]): boolean {
  let node: ResponseTree | undefined = tree;
  for (const step of path) {
    if (typeof step === 'number') continue;
    node = node.get(step);
    if (!node) return false;
  }
  return true;
}

/** What the plain data source needs to know about one fetch operation of the query planner. */
export interface FetchShape {
  isQuery: boolean;
  /** Set for an `_entities` fetch whose only variable is `$representations`. */
  entities: {
    /** The `_entities` selection, its fragment spreads inlined, printed. */
    selection: string;
    /** No aliases, arguments or directives anywhere: it can share one `_entities` field with others. */
    mergeable: boolean;
    /** What it selects, to give each fetch only the errors about fields it asked for. */
    fields: ResponseTree;
  } | null;
}

function inlineFragments(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
): SelectionSetNode {
  return visit(selectionSet, {
    FragmentSpread(spread) {
      const fragment = fragments.get(spread.name.value);
      if (!fragment) return undefined;
      return {
        kind: Kind.INLINE_FRAGMENT,
        typeCondition: fragment.typeCondition,
        directives: spread.directives,
        selectionSet: inlineFragments(fragment.selectionSet, fragments),
      };
    },
  });
}

function isMergeable(selectionSet: SelectionSetNode): boolean {
  let mergeable = true;
  visit(selectionSet, {
    Field(field) {
      if (field.alias || (field.arguments?.length ?? 0) > 0) mergeable = false;
    },
    Directive() {
      mergeable = false;
    },
  });
  return mergeable;
}

function shapeOf(document: DocumentNode): FetchShape {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operations[0];
  if (operations.length !== 1 || !operation) return { isQuery: false, entities: null };
  const isQuery = operation.operation === 'query';
  const [field, ...others] = operation.selectionSet.selections;
  const variables = operation.variableDefinitions ?? [];
  const isEntities =
    isQuery &&
    others.length === 0 &&
    field?.kind === Kind.FIELD &&
    field.name.value === '_entities' &&
    !field.alias &&
    (field.directives?.length ?? 0) === 0 &&
    field.arguments?.length === 1 &&
    field.arguments[0]?.value.kind === Kind.VARIABLE &&
    field.arguments[0].value.name.value === 'representations' &&
    variables.length === 1 &&
    variables[0]?.variable.name.value === 'representations' &&
    field.selectionSet !== undefined;
  if (!isEntities || field?.kind !== Kind.FIELD || !field.selectionSet) return { isQuery, entities: null };
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const selectionSet = inlineFragments(field.selectionSet, fragments);
  return {
    isQuery,
    entities: {
      selection: print(selectionSet),
      mergeable: isMergeable(selectionSet),
      fields: responseTree(selectionSet),
    },
  };
}

const shapes = new Map<string, FetchShape>();
/** Plenty for the distinct fetches of any deployment's operations; past it the oldest is forgotten. */
const MAX_SHAPES = 10_000;

/** The shape of a planner fetch, worked out once per distinct operation text. */
export function fetchShape(query: string, document?: DocumentNode): FetchShape {
  let shape = shapes.get(query);
  if (!shape) {
    shape = shapeOf(document ?? parse(query));
    if (shapes.size >= MAX_SHAPES) shapes.delete(shapes.keys().next().value as string);
    shapes.set(query, shape);
  }
  return shape;
}
