import { startTracing } from '@nordic/subgraph-common/tracing';

/** Imported first by main.ts: the SDK must patch http, express, graphql and pg before they load. */
export const tracing = startTracing('nordic-network');
