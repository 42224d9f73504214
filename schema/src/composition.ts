import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { SUBGRAPH_NAMES, type SubgraphName, contractSdl } from './subgraphs';

/** Placeholder routing URLs baked into the composed file; the gateway replaces them per country. */
export const CONTRACT_SUBGRAPH_URLS: Record<SubgraphName, string> = {
  network: 'http://network.invalid/graphql',
  national: 'http://national.partition.invalid/graphql',
  crossborder: 'http://crossborder.partition.invalid/graphql',
};

export interface ContractComposition {
  supergraphSdl: string;
  /** Composition hints (messages), for the staleness test to judge. */
  hints: { code: string; message: string }[];
}

/** Composes the three contract subgraphs (each partitioned subgraph once) into a supergraph. */
export async function composeContract(
  sdlOf: (name: SubgraphName) => Promise<string> = contractSdl,
): Promise<ContractComposition> {
  const services = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => ({
      name,
      url: CONTRACT_SUBGRAPH_URLS[name],
      typeDefs: parse(await sdlOf(name)),
    })),
  );
  const result = composeServices(services);
  if (result.errors) {
    throw new Error(
      `the contract does not compose:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`,
    );
  }
  return {
    supergraphSdl: result.supergraphSdl,
    hints: result.hints.map((h) => ({ code: h.definition.code, message: h.message })),
  };
}
