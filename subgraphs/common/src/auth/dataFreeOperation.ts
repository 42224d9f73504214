import { Kind, type OperationDefinitionNode, parse } from 'graphql';

const FREE_FIELDS = new Set(['__typename', '_service']);

/**
 * Whether an operation reads no data at all — only `__typename` and the subgraph's own SDL
 * (`_service { sdl }`, the public contract). Such operations (health probes, the gateway's schema
 * checks) are answered without a token; everything else needs one.
 */
export function isDataFreeOperation(query: unknown): boolean {
  if (typeof query !== 'string' || query.length > 2000) return false;
  try {
    const document = parse(query);
    return document.definitions.every(
      (d) =>
        d.kind === Kind.OPERATION_DEFINITION &&
        (d as OperationDefinitionNode).operation === 'query' &&
        (d as OperationDefinitionNode).selectionSet.selections.every(
          (s) => s.kind === Kind.FIELD && FREE_FIELDS.has(s.name.value),
        ),
    );
  } catch {
    return false;
  }
}
