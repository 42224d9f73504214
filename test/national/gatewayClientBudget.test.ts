import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TIME_BUDGET_HEADER } from '@nordic/subgraph-common';
import { Agent } from 'undici';
import { answerMarginMs, GatewayClient } from '../../subgraphs/national/src/crossborder/gatewayClient';

/**
 * A national service's call back through the gateway (a cross-border step) carries what is left of its
 * caller's time budget less a margin to answer in, so the caller hears CROSS_BORDER_UNAVAILABLE from this
 * service before it gives up on it. A real HTTP server stands in for the gateway and records what it got.
 */
describe('the time budget a cross-border step passes on', () => {
  let server: Server;
  let url: string;
  let seen: IncomingHttpHeaders[] = [];
  let answerAfterMs = 0;
  const pending = new Set<NodeJS.Timeout>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      const timer = setTimeout(() => {
        pending.delete(timer);
        if (res.destroyed) return;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ data: { ok: true } }));
      }, answerAfterMs);
      pending.add(timer);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    for (const timer of pending) clearTimeout(timer);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen = [];
    answerAfterMs = 0;
  });

  const callWithBudget = (budget: string | undefined) => ({
    headers: budget === undefined ? {} : { [TIME_BUDGET_HEADER]: budget },
    query: null,
    receivedAt: performance.now(),
  });

  it('keeps a fifth of the budget, at least 500 ms, to answer its caller in', () => {
    expect(answerMarginMs(2500)).toBe(500);
    expect(answerMarginMs(1000)).toBe(500);
    expect(answerMarginMs(10_000)).toBe(2000);
  });

  it('passes on what is left of the budget less the margin', async () => {
    const answer = await new GatewayClient(url, 10_000).request(callWithBudget('2500'), '{ ok }');
    expect(answer.data).toEqual({ ok: true });
    const passed = Number(seen[0]?.[TIME_BUDGET_HEADER]);
    expect(passed).toBeLessThanOrEqual(2000);
    expect(passed).toBeGreaterThan(1500);
  });

  it("passes on the caller's token, purpose and request id, and none of its other headers", async () => {
    const call = {
      headers: {
        authorization: 'Bearer caller-token',
        'x-purpose': 'VICTIM_ASSISTANCE_CONTINUITY',
        'x-request-id': 'req-1',
        cookie: 'session=secret',
        'x-forwarded-for': '10.0.0.9',
      },
      query: null,
      receivedAt: performance.now(),
    };
    await new GatewayClient(url, 10_000).request(call, '{ ok }');
    expect(seen[0]).toMatchObject({
      authorization: 'Bearer caller-token',
      'x-purpose': 'VICTIM_ASSISTANCE_CONTINUITY',
      'x-request-id': 'req-1',
    });
    expect(seen[0]?.cookie).toBeUndefined();
    expect(seen[0]?.['x-forwarded-for']).toBeUndefined();
  });

  it('gives its own timeout when the caller sent no budget, and the smaller of the two when it did', async () => {
    await new GatewayClient(url, 7000).request(callWithBudget(undefined), '{ ok }');
    await new GatewayClient(url, 700).request(callWithBudget('60000'), '{ ok }');
    expect(seen.map((h) => h[TIME_BUDGET_HEADER])).toEqual(['7000', '700']);
  });

  it('answers CROSS_BORDER_UNAVAILABLE when the gateway does not answer within the passed-on budget', async () => {
    answerAfterMs = 3000;
    const failure = await new GatewayClient(url, 10_000).request(callWithBudget('1500'), '{ ok }').then(
      () => null,
      (error: { extensions?: { code?: string }; message: string }) => error,
    );
    expect(failure?.extensions?.code).toBe('CROSS_BORDER_UNAVAILABLE');
    expect(failure?.message).toMatch(/no answer within \d+ ms.*retry with the same idempotency key/);
  });

  it('does not call at all when the budget is already spent', async () => {
    const failure = await new GatewayClient(url, 10_000).request(callWithBudget('400'), '{ ok }').then(
      () => null,
      (error: { extensions?: { code?: string } }) => error,
    );
    expect(failure?.extensions?.code).toBe('CROSS_BORDER_UNAVAILABLE');
    expect(seen).toHaveLength(0);
  });

  it('gives up within the budget while the connection to the gateway is still being set up', async () => {
    // A gateway whose host drops packets: the connection is never set up, and fails only after the
    // connector's own time (5 s, like undici's connect timeout of 10 s), with a message of its own. The
    // step must end at its budget with its own message, not wait for the connection to fail.
    const connecting = new Set<NodeJS.Timeout>();
    const unreachable = new Agent({
      connect: (_options, callback) => {
        const timer = setTimeout(() => callback(new Error('connect failed after 5 s'), null), 5000);
        connecting.add(timer);
      },
    });
    try {
      const failure = await new GatewayClient(url, 300, unreachable)
        .request(callWithBudget(undefined), '{ ok }')
        .then(
          () => null,
          (error: { extensions?: { code?: string }; message: string }) => error,
        );
      expect(failure?.extensions?.code).toBe('CROSS_BORDER_UNAVAILABLE');
      expect(failure?.message).toMatch(/no answer within 300 ms/);
    } finally {
      for (const timer of connecting) clearTimeout(timer);
      await unreachable.destroy();
    }
  });
});
