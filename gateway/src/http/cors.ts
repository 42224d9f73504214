import cors from 'cors';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { TIME_BUDGET_HEADER } from '@nordic/subgraph-common';

/** An origin as a browser sends it: scheme, host and optional port, nothing after. */
export const corsOrigin = z.string().regex(/^https?:\/\/[^/\s?#]+$/, {
  message: 'must be an origin such as https://dashboard.example.org (scheme, host, optional port; no path)',
});

/** The request headers a browser client of the gateway sends (the dashboard's among them). */
const ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'x-purpose',
  'x-request-id',
  'traceparent',
  'tracestate',
  'apollo-require-preflight',
  TIME_BUDGET_HEADER,
];

/**
 * CORS for `/graphql` and `/status`, for a dashboard or client served from another origin: only the
 * listed origins, GET and POST, the headers above; no cookies (the bearer token is a header). With no
 * origin listed (the default) the gateway sends no CORS headers, and browsers keep other origins out.
 */
export function corsFor(origins: readonly string[]): RequestHandler | null {
  if (origins.length === 0) return null;
  return cors({
    origin: [...origins],
    methods: ['GET', 'POST'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: ['x-request-id', 'retry-after'],
    credentials: false,
    maxAge: 600,
  });
}
