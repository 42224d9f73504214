import type { Server } from 'node:http';
import type { Server as HttpsServer } from 'node:https';

/**
 * How long a client of this network (the gateway calling a country, a country calling the gateway)
 * keeps an idle connection for reuse. Shorter than a server's by far: a client that reuses a connection
 * the server has just closed gets "connection reset" on a request the server never saw. With Node's
 * defaults (server 5 s; undici then keeps it 4 s) the margin was one second, which a busy host's event
 * loop loses: a country was reported COUNTRY_UNAVAILABLE ("connection reset") on a busy CI host.
 */
export const CLIENT_KEEP_ALIVE_MS = 30_000;

/** How long this network's servers keep an idle connection open: well past any client's keep-alive. */
export const SERVER_KEEP_ALIVE_MS = 65_000;

/** undici Agent options for a client of this network's servers (ignores longer hints from servers). */
export const clientKeepAlive = {
  keepAliveTimeout: CLIENT_KEEP_ALIVE_MS,
  keepAliveMaxTimeout: CLIENT_KEEP_ALIVE_MS,
} as const;

/** Makes `server` keep idle connections open longer than its clients do (see CLIENT_KEEP_ALIVE_MS). */
export function keepIdleConnections<S extends Server | HttpsServer>(server: S): S {
  server.keepAliveTimeout = SERVER_KEEP_ALIVE_MS;
  // Node requires the headers timeout to exceed the keep-alive timeout.
  server.headersTimeout = SERVER_KEEP_ALIVE_MS + 1000;
  return server;
}
