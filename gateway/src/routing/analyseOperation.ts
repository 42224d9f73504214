import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionNode,
  parse,
  print,
  visit,
} from 'graphql';

export interface RootField {
  /** Alias or name: where the field's value sits in `data`. */
  responseKey: string;
  fieldName: string;
  node: FieldNode;
}

/** A subgraph fetch operation, parsed once and analysed for routing. */
export interface AnalysedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  fragments: FragmentDefinitionNode[];
  rootFields: RootField[];
  /** An entity fetch: its only root field is `_entities(representations:)`. */
  isEntities: boolean;
  /** Printed restrictions to subsets of root fields, by the sorted response keys kept. */
  restricted: Map<string, string>;
}

const MAX_CACHED = 2000;
const cache = new Map<string, AnalysedOperation>();
/** By the planner's own document of a fetch: query plans are cached, so the same node comes back. */
const byPlannedDocument = new WeakMap<DocumentNode, AnalysedOperation>();

function rootFieldsOf(
  selections: readonly SelectionNode[],
  fragments: Map<string, FragmentDefinitionNode>,
  out: RootField[],
): void {
  for (const selection of selections) {
    if (selection.kind === Kind.FIELD) {
      out.push({
        responseKey: selection.alias?.value ?? selection.name.value,
        fieldName: selection.name.value,
        node: selection,
      });
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      rootFieldsOf(selection.selectionSet.selections, fragments, out);
    } else {
      const fragment = fragments.get(selection.name.value);
      if (fragment) rootFieldsOf(fragment.selectionSet.selections, fragments, out);
    }
  }
}

/**
 * Analyses a fetch operation. With the query planner's own document of the fetch (`planned`: Apollo
 * Gateway hands it to the data source), nothing is parsed and the analysis is found by that node;
 * otherwise each distinct operation string is parsed once (bounded cache).
 */
export function analyseOperation(
  query: string,
  operationName?: string | null,
  planned?: DocumentNode,
): AnalysedOperation {
  if (planned) {
    const known = byPlannedDocument.get(planned);
    if (known) return known;
    const analysed = analyse(planned, operationName);
    byPlannedDocument.set(planned, analysed);
    return analysed;
  }
  const cacheKey = `${operationName ?? ''}\n${query}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const analysed = analyse(parse(query), operationName);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(cacheKey, analysed);
  return analysed;
}

function analyse(document: DocumentNode, operationName: string | null | undefined): AnalysedOperation {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation)
    throw new Error(`the fetch has no operation${operationName ? ` named ${operationName}` : ''}`);
  const fragments = document.definitions.filter(
    (d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION,
  );
  const rootFields: RootField[] = [];
  rootFieldsOf(
    operation.selectionSet.selections,
    new Map(fragments.map((f) => [f.name.value, f])),
    rootFields,
  );
  const analysed: AnalysedOperation = {
    document,
    operation,
    fragments,
    rootFields,
    isEntities:
      rootFields.some((f) => f.fieldName === '_entities') &&
      rootFields.every((f) => f.fieldName === '_entities' || f.fieldName === '__typename'),
    restricted: new Map(),
  };
  return analysed;
}

/**
 * The operation restricted to some of its root fields, with the variable definitions and fragments
 * it no longer uses removed (GraphQL validation rejects unused ones).
 */
export function restrictToRootFields(analysed: AnalysedOperation, keep: ReadonlySet<string>): string {
  const cacheKey = [...keep].sort().join(',');
  const cachedRestriction = analysed.restricted.get(cacheKey);
  if (cachedRestriction) return cachedRestriction;
  const selections = analysed.rootFields.filter((f) => keep.has(f.responseKey)).map((f) => f.node);
  const operation: OperationDefinitionNode = {
    ...analysed.operation,
    selectionSet: { kind: Kind.SELECTION_SET, selections },
  };
  const fragmentsByName = new Map(analysed.fragments.map((f) => [f.name.value, f]));
  const usedFragments = new Set<string>();
  const usedVariables = new Set<string>();
  const pending: { selectionSet: OperationDefinitionNode['selectionSet'] }[] = [operation];
  while (pending.length > 0) {
    const node = pending.pop() as { selectionSet: OperationDefinitionNode['selectionSet'] };
    visit(node.selectionSet, {
      Variable(variable) {
        usedVariables.add(variable.name.value);
      },
      FragmentSpread(spread) {
        const name = spread.name.value;
        const fragment = fragmentsByName.get(name);
        if (!usedFragments.has(name) && fragment) {
          usedFragments.add(name);
          pending.push(fragment);
        }
      },
    });
  }
  const restricted: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        ...operation,
        variableDefinitions: operation.variableDefinitions?.filter((v) =>
          usedVariables.has(v.variable.name.value),
        ),
      },
      ...analysed.fragments.filter((f) => usedFragments.has(f.name.value)),
    ],
  };
  const printed = print(restricted);
  analysed.restricted.set(cacheKey, printed);
  return printed;
}
