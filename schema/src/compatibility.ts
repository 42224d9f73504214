/** Whether a served subgraph SDL is compatible with the contract: used by the gateway's schema checks and by the conformance kit. */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { type GraphQLSchema, parse } from 'graphql';

export interface Compatibility {
  compatible: boolean;
  /** The breaking changes, described for people (empty when compatible). */
  breaking: string[];
}

function asSubgraphSchema(sdl: string): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: parse(sdl) });
}

/**
 * Compares the SDL a country serves with the contract: identical or only additive (a new optional
 * field or argument, a new type) is compatible; anything that could break a client of the contract
 * (removed or retyped field, removed enum value, new required argument…) is not.
 */
export async function checkCompatibility(
  contractSdl: GraphQLSchema | string,
  servedSdl: string,
): Promise<Compatibility> {
  const contract = typeof contractSdl === 'string' ? asSubgraphSchema(contractSdl) : contractSdl;
  let served: GraphQLSchema;
  try {
    served = asSubgraphSchema(servedSdl);
  } catch (error) {
    return {
      compatible: false,
      breaking: [`served SDL is not a valid subgraph schema: ${(error as Error).message}`],
    };
  }
  const changes = await diff(contract, served);
  const breaking = changes
    .filter((c) => c.criticality.level === CriticalityLevel.Breaking)
    .map((c) => c.message);
  return { compatible: breaking.length === 0, breaking };
}

export { asSubgraphSchema };
