import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLFormattedError } from 'graphql';
import type { EntityKeys } from './entityKeys';
import { type ResponseTree, selects } from './fetchShape';
import { RepresentationSet } from './representationSet';
import type { SubgraphHttp } from './subgraphHttp';

type Representation = Record<string, unknown>;
type GraphqlAnswer = { data?: Record<string, unknown> | null; errors?: GraphQLFormattedError[] };

/** One `_entities` fetch of the query planner, waiting to be sent. */
export interface EntityFetch {
  /** The planner's operation, sent as it is when the fetch goes alone. */
  query: string;
  operationName: string | null | undefined;
  /** Variables other than `representations` (a fetch with any goes alone). */
  variables: Record<string, unknown>;
  representations: Representation[];
  /** The `_entities` selection (fragments inlined) and whether it can share a field (fetchShape.ts). */
  selection: string;
  mergeable: boolean;
  fields: ResponseTree;
  /** The client request it belongs to: each request gets its own parse of a shared answer. */
  owner: object;
}

/** Where a batch goes and under which headers; fetches are only batched under the same key. */
export interface BatchTarget {
  subgraph: string;
  url: string;
  headers: Record<string, string>;
  /** The subgraph, the URL and every header that can change the answer (plainDataSource.ts). */
  batchKey: string;
  /** Key for sharing an identical request already in flight, or null when it must be sent. */
  shareKey: string | null;
}

interface Waiting {
  fetch: EntityFetch;
  resolve: (answer: GatewayGraphQLResponse) => void;
  reject: (error: unknown) => void;
}

interface Batch {
  target: BatchTarget;
  waiting: Waiting[];
}

/** One `_entities` field of a batch request: its fetches, their distinct representations. */
interface Group {
  selections: Set<string>;
  representations: RepresentationSet;
  members: { waiting: Waiting; positions: number[] }[];
}

const stripBraces = (selection: string) =>
  selection.slice(selection.indexOf('{') + 1, selection.lastIndexOf('}'));

/**
 * Sends the `_entities` fetches the executor starts in the same turn of the event loop to the same
 * subgraph, under the same answer-changing headers, as one request (a levelled plan starts all fetches
 * of a step together, see levelPlan.ts):
 * - fetches whose selections merge safely (no aliases, arguments or directives) share one `_entities`
 *   field with the union of their selections;
 * - any other fetch gets its own aliased `_entities` field in the same request;
 * - within each field, each entity is sent once (representationSet.ts) and its answer mapped back to
 *   every position that asked for it, errors included.
 * A batch of one fetch sends the planner's own operation text with its representations deduplicated.
 * If a merged request fails as a whole (no data, e.g. the subgraph rejects the merged document), each
 * fetch is sent again on its own, so batching never turns an answer into an error.
 */
export class EntityBatcher {
  private readonly open = new Map<string, Batch>();

  constructor(
    private readonly http: SubgraphHttp,
    private readonly keys: EntityKeys,
  ) {}

  fetch(target: BatchTarget, fetch: EntityFetch): Promise<GatewayGraphQLResponse> {
    return new Promise((resolve, reject) => {
      const waiting: Waiting = { fetch, resolve, reject };
      if (Object.keys(fetch.variables).length > 0) {
        this.send(target, [waiting]).catch(reject);
        return;
      }
      const batch = this.open.get(target.batchKey);
      if (batch) {
        batch.waiting.push(waiting);
        return;
      }
      this.open.set(target.batchKey, { target, waiting: [waiting] });
      setImmediate(() => {
        const due = this.open.get(target.batchKey);
        this.open.delete(target.batchKey);
        if (due)
          this.send(due.target, due.waiting).catch((error: unknown) =>
            due.waiting.forEach((w) => w.reject(error)),
          );
      });
    });
  }

  private group(target: BatchTarget, waiting: Waiting[]): Group[] {
    const keyFields = this.keys.get(target.subgraph);
    const byKey = new Map<string, Group>();
    for (const w of waiting) {
      const key = w.fetch.mergeable ? '' : w.fetch.selection;
      let group = byKey.get(key);
      if (!group) {
        group = {
          selections: new Set(),
          representations: new RepresentationSet((type) => keyFields?.get(type)),
          members: [],
        };
        byKey.set(key, group);
      }
      group.selections.add(w.fetch.selection);
      group.members.push({
        waiting: w,
        positions: w.fetch.representations.map((r) => group.representations.add(r)),
      });
    }
    // A stable order, so that the same plan sends the same document text (the subgraph's parse cache).
    return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, group]) => group);
  }

  private async send(target: BatchTarget, waiting: Waiting[]): Promise<void> {
    const groups = this.group(target, waiting);
    const only = waiting[0] as Waiting;
    const alone = groups.length === 1 && (groups[0] as Group).selections.size === 1;
    let body: string;
    if (alone) {
      body = JSON.stringify({
        query: only.fetch.query,
        variables: {
          ...only.fetch.variables,
          representations: (groups[0] as Group).representations.distinct,
        },
        ...(only.fetch.operationName ? { operationName: only.fetch.operationName } : {}),
      });
    } else {
      const fields = groups.map((group, i) => {
        const selection = [...group.selections].sort().map(stripBraces).join('\n');
        return `_e${i}: _entities(representations: $r${i}) {${selection}}`;
      });
      const variables = Object.fromEntries(
        groups.map((group, i) => [`r${i}`, group.representations.distinct]),
      );
      body = JSON.stringify({
        query: `query(${groups.map((_, i) => `$r${i}: [_Any!]!`).join(', ')}) {\n${fields.join('\n')}\n}`,
        variables,
      });
    }
    const reply = await this.http.post(target.url, target.headers, body, target.shareKey);
    const parsedFor = new Map<object, GraphqlAnswer | null>();
    const answerFor = (owner: object): GraphqlAnswer | null => {
      if (!parsedFor.has(owner)) {
        let parsed: GraphqlAnswer | null = null;
        try {
          parsed = JSON.parse(reply.text) as GraphqlAnswer;
        } catch {
          parsed = null;
        }
        parsedFor.set(owner, parsed && (parsed.data != null || parsed.errors) ? parsed : null);
      }
      return parsedFor.get(owner) ?? null;
    };
    const first = answerFor(only.fetch.owner);
    if (!first) {
      const error = new Error(`${target.subgraph} answered HTTP ${reply.status} without a GraphQL response.`);
      waiting.forEach((w) => w.reject(error));
      return;
    }
    if (!alone && first.data == null) {
      // The merged request failed as a whole: send each fetch as the planner wrote it.
      await Promise.all(waiting.map((w) => this.send(target, [w]).catch(w.reject)));
      return;
    }
    groups.forEach((group, i) => {
      const field = alone ? '_entities' : `_e${i}`;
      for (const { waiting: w, positions } of group.members) {
        const answer = answerFor(w.fetch.owner) as GraphqlAnswer;
        const list = answer.data?.[field];
        const errors: GraphQLFormattedError[] = [];
        for (const error of answer.errors ?? []) {
          const [head, index, ...rest] = error.path ?? [];
          if (head === undefined) errors.push(error);
          else if (head !== field) continue;
          else if (typeof index !== 'number')
            errors.push({ ...error, path: ['_entities', ...(error.path ?? []).slice(1)] });
          // An error about a field another fetch of the merged field asked for is that fetch's only.
          else if (rest.length === 0 || selects(w.fetch.fields, rest))
            positions.forEach(
              (p, at) => p === index && errors.push({ ...error, path: ['_entities', at, ...rest] }),
            );
        }
        const data = Array.isArray(list)
          ? { _entities: positions.map((p) => (list[p] as unknown) ?? null) }
          : null;
        w.resolve({ ...(data ? { data } : {}), ...(errors.length > 0 ? { errors } : {}) });
      }
    });
  }
}
