import { startTracing } from '@nordic/subgraph-common/tracing';

/** Imported first by main.ts: the SDK must patch http, express, graphql and undici before they load. */
export const tracing = startTracing('nordic-gateway');
