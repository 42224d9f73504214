/**
 * `node gateway/dist/bench/plainSubgraphCli.js --subgraph accounts|products|inventory|reviews [--port N]`:
 * one of the plain-mode benchmark's subgraphs in its own process (see plainSubgraphs.ts).
 */
import { parseFlags } from '@nordic/subgraph-common';
import { PLAIN_SUBGRAPHS, type PlainSubgraphName, startPlainSubgraph } from './plainSubgraphs';

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const name = flags.subgraph as PlainSubgraphName;
  if (!PLAIN_SUBGRAPHS.includes(name)) {
    console.error(`plain subgraph: --subgraph must be one of ${PLAIN_SUBGRAPHS.join(', ')}`);
    process.exit(2);
  }
  const subgraph = await startPlainSubgraph(name, Number(flags.port ?? 0));
  console.log(`${name} subgraph listening on ${subgraph.url.replace(/\/graphql$/, '')}`);
  const stop = () => void subgraph.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
