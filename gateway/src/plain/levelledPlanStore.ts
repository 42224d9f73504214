import type { QueryPlan, QueryPlanCache } from '@apollo/query-planner';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { levelPlan } from './levelPlan';

/** About what Apollo Gateway keeps by default (30 MiB of plans, sized by their JSON). */
const MAX_BYTES = 30 * 2 ** 20;

/**
 * Apollo Gateway's query plan cache (`queryPlannerConfig.cache`), levelling each plan as it is stored.
 * The gateway stores a new plan before it executes it, and executes the object it stored, so the very
 * first execution runs the levelled plan too.
 */
export class LevelledPlanStore implements QueryPlanCache {
  private readonly plans = new InMemoryLRUCache<QueryPlan>({
    maxSize: MAX_BYTES,
    sizeCalculation: (plan) => Buffer.byteLength(JSON.stringify(plan), 'utf8'),
  });

  get(key: string): Promise<QueryPlan | undefined> {
    return this.plans.get(key);
  }

  set(key: string, plan: QueryPlan): Promise<void> {
    return this.plans.set(key, levelPlan(plan));
  }

  delete(key: string): Promise<boolean> {
    return this.plans.delete(key);
  }

  clear(): void {
    this.plans.clear();
  }
}
