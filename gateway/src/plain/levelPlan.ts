import type { PlanNode, QueryPlan } from '@apollo/query-planner';

/** Fetches (or nodes kept whole) that run side by side: one step of a levelled plan. */
type Stage = PlanNode[];

/** The subgraphs a node fetches from when it is one unit of a stage (a fetch, or a flattened fetch). */
function servicesOf(node: PlanNode): string[] {
  if (node.kind === 'Fetch') return [node.serviceName];
  if (node.kind === 'Flatten') return servicesOf(node.node);
  return [];
}

/**
 * Lines up the branches of a Parallel node step by step. The longest branch starts first; each other
 * branch starts at the step (within the Parallel's own length, so nothing after it waits longer) where
 * it adds the fewest new subgraphs to the steps it occupies — e.g. a lone inventory fetch moves to the
 * step where inventory is asked anyway. Ties go to the earliest step.
 */
function alignBranches(branches: Stage[][]): Stage[] {
  const length = Math.max(0, ...branches.map((b) => b.length));
  const placed: { index: number; node: PlanNode; step: number }[] = [];
  const occupied = new Set<string>();
  const order = branches
    .map((stages, index) => ({ stages, index }))
    .sort((a, b) => b.stages.length - a.stages.length);
  for (const { stages, index } of order) {
    let best = 0;
    let bestAdded = Number.POSITIVE_INFINITY;
    for (let shift = 0; shift <= length - stages.length; shift++) {
      let added = 0;
      stages.forEach((stage, i) => {
        for (const node of stage)
          for (const service of servicesOf(node)) if (!occupied.has(`${i + shift}:${service}`)) added++;
      });
      if (added < bestAdded) {
        best = shift;
        bestAdded = added;
      }
    }
    stages.forEach((stage, i) => {
      for (const node of stage) {
        placed.push({ index, node, step: i + best });
        for (const service of servicesOf(node)) occupied.add(`${i + best}:${service}`);
      }
    });
  }
  const steps: Stage[] = Array.from({ length }, () => []);
  // Within a step, the branches keep the planner's order.
  placed.sort((a, b) => a.index - b.index);
  for (const { node, step } of placed) steps[step]?.push(node);
  return steps;
}

function stagesOf(node: PlanNode): Stage[] {
  switch (node.kind) {
    case 'Sequence':
      return node.nodes.flatMap(stagesOf);
    case 'Parallel':
      return alignBranches(node.nodes.map(stagesOf));
    case 'Condition':
      return [
        [
          {
            ...node,
            ...(node.ifClause ? { ifClause: levelNode(node.ifClause) } : {}),
            ...(node.elseClause ? { elseClause: levelNode(node.elseClause) } : {}),
          },
        ],
      ];
    default:
      // A fetch, a flattened fetch, or a node kept as it is.
      return [[node]];
  }
}

function levelNode(node: PlanNode): PlanNode {
  const stages = stagesOf(node).filter((stage) => stage.length > 0);
  const nodes = stages.map((stage): PlanNode =>
    stage.length === 1 ? (stage[0] as PlanNode) : { kind: 'Parallel', nodes: stage },
  );
  return nodes.length === 1 ? (nodes[0] as PlanNode) : { kind: 'Sequence', nodes };
}

function hasDefer(node: PlanNode | undefined): boolean {
  if (!node) return false;
  switch (node.kind) {
    case 'Defer':
      return true;
    case 'Sequence':
    case 'Parallel':
      return node.nodes.some(hasDefer);
    case 'Flatten':
      return hasDefer(node.node);
    case 'Condition':
      return hasDefer(node.ifClause) || hasDefer(node.elseClause);
    default:
      return false;
  }
}

/**
 * Rewrites a query plan, in place, into steps: every fetch that can start at step N (all it depends on
 * is done) runs in step N, whichever branch of the plan it came from. The stock executor then starts
 * each step's fetches together, so that the plain data source can send those to the same subgraph as
 * one request (plain/entityBatcher.ts). Branches of a Parallel node are independent by construction,
 * and a Sequence keeps its order, so the answer is the same; the cost is that a branch may wait for a
 * slower sibling's step. Plans with @defer and subscriptions are left as they are.
 */
export function levelPlan(plan: QueryPlan): QueryPlan {
  const node = plan.node;
  if (!node || node.kind === 'Subscription' || hasDefer(node)) return plan;
  plan.node = levelNode(node);
  return plan;
}
