/**
 * `node gateway/dist/bench/stockGatewayCli.js --supergraph <file> [--port N]`: stock Apollo Gateway on
 * Apollo Server's standalone HTTP server, nothing added (default data sources, no token checks), as the
 * plain-mode benchmark's point of comparison.
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { parseFlags } from '@nordic/subgraph-common';

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  if (!flags.supergraph) {
    console.error('stock gateway: --supergraph <file> is required');
    process.exit(2);
  }
  const server = new ApolloServer({
    gateway: new ApolloGateway({ supergraphSdl: readFileSync(flags.supergraph, 'utf8') }),
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: Number(flags.port ?? 0), host: '127.0.0.1' },
  });
  console.log(`stock Apollo Gateway listening on ${url.replace(/\/$/, '')}`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
