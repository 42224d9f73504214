import { Kind, type SelectionSetNode, parse } from 'graphql';

/**
 * The fields of `Country` whose answers are statistics: aggregates under disclosure control (cell-key
 * perturbation, suppression), whose types lead to no person-level record. Only a fetch made of these
 * is ever cached; everything else (cases, referrals, links, audit events, reviews…) never is.
 */
export const STATISTICS_FIELDS: ReadonlySet<string> = new Set([
  'statistics',
  'routeFlows',
  'referralMetrics',
  'eurostatExport',
]);

/** Decisions kept per query text (the planner sends the same few texts again and again). */
const MAX_DECISIONS = 1000;
const decisions = new Map<string, boolean>();

/** Whether a selection is only `__typename` and statistics fields of `Country` (inline fragments on it). */
function onlyStatistics(selectionSet: SelectionSetNode, onCountry: boolean): boolean {
  return selectionSet.selections.every((selection) => {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === '__typename') return true;
      return onCountry && STATISTICS_FIELDS.has(selection.name.value);
    }
    if (selection.kind === Kind.INLINE_FRAGMENT)
      return (
        selection.typeCondition?.name.value === 'Country' && onlyStatistics(selection.selectionSet, true)
      );
    return false; // a named fragment spread: not looked into, so not cached
  });
}

function decide(query: string): boolean {
  let document;
  try {
    document = parse(query, { noLocation: true });
  } catch {
    return false;
  }
  if (document.definitions.length !== 1) return false;
  const [operation] = document.definitions;
  if (operation?.kind !== Kind.OPERATION_DEFINITION || operation.operation !== 'query') return false;
  const roots = operation.selectionSet.selections;
  return (
    roots.every(
      (root) =>
        root.kind === Kind.FIELD &&
        (root.name.value === '__typename' ||
          (root.name.value === '_entities' &&
            !root.alias &&
            root.selectionSet !== undefined &&
            onlyStatistics(root.selectionSet, false))),
    ) && roots.some((root) => root.kind === Kind.FIELD && root.name.value === '_entities')
  );
}

/**
 * Whether a country fetch asks for statistics only: a query whose one root field is `_entities`
 * selecting nothing but statistics fields of `Country` (the dashboard's fetch). Conservative: any other
 * shape — a root field such as `cases`, a named fragment, a second operation — is not cacheable.
 */
export function isStatisticsFetch(query: string, representations: unknown): boolean {
  if (!Array.isArray(representations) || representations.length === 0) return false;
  if (!representations.every((r) => (r as { __typename?: unknown } | null)?.__typename === 'Country'))
    return false;
  let decision = decisions.get(query);
  if (decision === undefined) {
    decision = decide(query);
    if (decisions.size >= MAX_DECISIONS) decisions.clear();
    decisions.set(query, decision);
  }
  return decision;
}
