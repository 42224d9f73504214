import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import pino from 'pino';
import { currentTraceId } from './traceId';

export interface RequestLogOptions {
  /** Fields of every line, e.g. `{ service: 'national', country: 'FI' }` (a gateway worker adds its `pid`). */
  base: Record<string, string | number>;
  /** Where the JSON lines go (default: stdout); the gateway passes its one shared stdout stream. */
  destination?: pino.DestinationStream;
  /** Lowest level written (default `LOG_LEVEL` or `info`). */
  level?: string;
}

/** Paths polled by monitoring: logged at `debug`, so not at all at the default level. */
const POLLED_PATHS = new Set(['/health', '/ready', '/metrics', '/status']);

/** A caller's `x-request-id` is kept when it looks like an id; anything else is replaced, never logged. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * One JSON line per HTTP request, written when the response is finished or the connection closed:
 * request id, trace id, method, path (never the query string), status and duration. Never headers or
 * bodies, so no token and no personal data. The request id (the caller's `x-request-id`, or a fresh one)
 * is answered in `x-request-id` and passed on with the request, so downstream lines share it.
 */
export function requestLog(options: RequestLogOptions): RequestHandler {
  const logger = pino(
    {
      base: { ...options.base, log: 'request' },
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination(1),
  );
  return (req, res, next) => {
    const started = performance.now();
    const given = req.get('x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    req.headers['x-request-id'] = requestId;
    res.setHeader('x-request-id', requestId);
    const traceId = currentTraceId(req.get('traceparent'));
    const path = req.originalUrl.split('?')[0] as string;
    res.once('close', () => {
      const line = {
        requestId,
        traceId,
        method: req.method,
        path,
        // 499 (nginx's convention): the client went away before the answer was complete.
        status: res.writableFinished ? res.statusCode : 499,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      };
      if (POLLED_PATHS.has(path)) logger.debug(line, 'request');
      else if (line.status >= 500) logger.error(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}
