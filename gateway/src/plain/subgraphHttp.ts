import { clientKeepAlive } from '@nordic/subgraph-common';
import { Agent } from 'undici';

/** What a subgraph answered: the status and the body, parsed by each caller on its own. */
export interface SubgraphReply {
  status: number;
  text: string;
}

/**
 * POSTs GraphQL requests to the plain gateway's subgraphs over undici's request API on keep-alive
 * pools. A request marked shareable under a key (a query, not a person-level read — see
 * plainDataSource.ts) joins an identical one already on the wire instead of being sent again: both get
 * the same body text and parse it separately, so neither can change the other's answer. Nothing is
 * kept once the answer is in — this is not a cache.
 */
export class SubgraphHttp {
  private readonly agent = new Agent({ ...clientKeepAlive, connections: 64, pipelining: 1 });
  private readonly pending = new Map<string, Promise<SubgraphReply>>();
  /** Requests answered by another caller's request, for the benchmark and the tests. */
  shared = 0;

  post(
    url: string,
    headers: Record<string, string>,
    body: string,
    shareKey: string | null,
  ): Promise<SubgraphReply> {
    if (shareKey === null) return this.send(url, headers, body);
    const key = `${shareKey}\u0000${body}`;
    const existing = this.pending.get(key);
    if (existing) {
      this.shared += 1;
      return existing;
    }
    const request = this.send(url, headers, body).finally(() => this.pending.delete(key));
    this.pending.set(key, request);
    return request;
  }

  private async send(url: string, headers: Record<string, string>, body: string): Promise<SubgraphReply> {
    const target = new URL(url);
    const response = await this.agent.request({
      origin: target.origin,
      path: target.pathname + target.search,
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', accept: 'application/json' },
      body,
    });
    return { status: response.statusCode, text: await response.body.text() };
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
