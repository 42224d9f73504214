import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keepIdleConnections } from '@nordic/subgraph-common';

/** What a country received through its proxy: one entry per GraphQL request. */
export interface RecordedRequest {
  path: string;
  body: { query?: string; variables?: Record<string, unknown> };
  headers: IncomingMessage['headers'];
}

/**
 * A test-side HTTP proxy in front of one national service: it records every request the gateway
 * sends (so a test can check that a country only ever receives its own ids), and can be told to be
 * slow or to serve a tampered `_service { sdl }` — the failures a real country can have.
 */
export class CountryProxy {
  readonly requests: RecordedRequest[] = [];
  delayMs = 0;
  private held: { matches: (query: string) => boolean; answered: () => void; release: Promise<void> }[] = [];
  /** When set, rewrites the SDL in `_service` answers (to simulate a country serving a breaking schema). */
  rewriteSdl: ((sdl: string) => string) | null = null;
  /** When set, rewrites every GraphQL answer (to inject a country's error at a known path). */
  rewriteAnswer: ((answer: Record<string, any>) => Record<string, any>) | null = null;
  /**
   * When set, rewrites each request before it is passed on (its raw body and its authorization header),
   * to stand in for an implementation that skips a check (test/conformance: the kit must catch it).
   */
  rewriteRequest:
    | ((request: { body: string; authorization: string | undefined }) => Promise<{
        body: string;
        authorization: string | undefined;
      }>)
    | null = null;
  private server: Server | null = null;
  url = '';
  /** Requests received and not yet answered by the country (or failed), and who waits for there to be none. */
  private inFlight = 0;
  private settledWaiters: (() => void)[] = [];

  constructor(public target: string) {}

  /**
   * Holds back the answer to the next request whose query `matches` once the country has answered it
   * (its work is done, the answer is late), until `release()`. `answered` resolves when the country has
   * answered, so a test acts in between without guessing how long anything takes.
   */
  holdNextAnswer(matches: (query: string) => boolean): { answered: Promise<void>; release: () => void } {
    let answered!: () => void;
    let release!: () => void;
    const answeredPromise = new Promise<void>((resolve) => (answered = resolve));
    const releasePromise = new Promise<void>((resolve) => (release = resolve));
    this.held.push({ matches, answered, release: releasePromise });
    return { answered: answeredPromise, release };
  }

  /**
   * Resolves once every request this proxy has received has been passed on and answered by the country
   * (or failed): a request delayed by `delayMs` has then reached the country, so a test can check what
   * it did without guessing how long that takes.
   */
  settled(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    // Like the services it stands in front of: idle connections outlive the gateway's keep-alive.
    keepIdleConnections(this.server);
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight += 1;
    try {
      await this.forward(req, res);
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const resolve of this.settledWaiters.splice(0)) resolve();
    }
  }

  private async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: RecordedRequest['body'] = {};
    try {
      body = JSON.parse(raw) as RecordedRequest['body'];
    } catch {
      body = {};
    }
    this.requests.push({ path: req.url ?? '', body, headers: req.headers });
    // Unref'd: a request still held when the test ends does not keep the Jest worker alive.
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs).unref());
    try {
      const sent = this.rewriteRequest
        ? await this.rewriteRequest({ body: raw, authorization: req.headers.authorization })
        : { body: raw, authorization: req.headers.authorization };
      const headers = forwardable({ ...req.headers, authorization: sent.authorization });
      const upstream = await fetch(`${this.target}${req.url ?? ''}`, {
        method: req.method,
        headers,
        body: req.method === 'POST' ? sent.body : undefined,
      });
      // An event stream (referral notifications) is passed on as it comes, and broken off as it is.
      if (upstream.headers.get('content-type')?.startsWith('text/event-stream') && upstream.body) {
        res.writeHead(upstream.status, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.flushHeaders();
        try {
          const reader = upstream.body.getReader();
          for (let read = await reader.read(); !read.done; read = await reader.read()) res.write(read.value);
          res.end();
        } catch {
          res.destroy();
        }
        return;
      }
      let text = await upstream.text();
      if (this.rewriteSdl && body.query?.includes('_service')) {
        const parsed = JSON.parse(text) as { data?: { _service?: { sdl: string } } };
        if (parsed.data?._service) parsed.data._service.sdl = this.rewriteSdl(parsed.data._service.sdl);
        text = JSON.stringify(parsed);
      }
      if (this.rewriteAnswer && !body.query?.includes('_service'))
        text = JSON.stringify(this.rewriteAnswer(JSON.parse(text)));
      const hold = this.held.find((h) => h.matches(body.query ?? ''));
      if (hold) {
        this.held.splice(this.held.indexOf(hold), 1);
        hold.answered();
        await hold.release;
      }
      if (!res.writableEnded) {
        res.writeHead(upstream.status, { 'content-type': 'application/json' });
        res.end(text);
      }
    } catch {
      if (!res.writableEnded) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('bad gateway');
      }
    }
  }

  /** Every global id mentioned in what this country received (arguments and representations). */
  receivedIds(): string[] {
    const ids: string[] = [];
    const visit = (value: unknown) => {
      if (typeof value === 'string' && /^[A-Z]{2}:(Case|Referral|CaseLink):/.test(value)) ids.push(value);
      else if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') Object.values(value).forEach(visit);
    };
    for (const request of this.requests) {
      visit(request.body.variables);
      for (const match of request.body.query?.matchAll(/"([A-Z]{2}:(?:Case|Referral|CaseLink):[^"]+)"/g) ??
        [])
        ids.push(match[1] as string);
    }
    return ids;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** The request headers a proxy passes on (all but the hop-by-hop ones and those fetch sets itself). */
function forwardable(headers: IncomingMessage['headers']): Record<string, string> {
  const skip = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);
  const out: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(headers)) {
    if (!skip.has(name) && typeof value === 'string') out[name] = value;
  }
  return out;
}
