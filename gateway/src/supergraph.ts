import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { readRouteTable, type RouteTable } from './routing/routeTable';

/** Where the checked-in contract SDL lives (…/gateway/dist → …/schema). */
export const CONTRACT_DIR = join(__dirname, '..', '..', 'schema');

export interface ContractSupergraph {
  supergraphSdl: string;
  /** Contract SDL of each partitioned subgraph, for schema checks. */
  contractSdl: { national: string; crossborder: string };
  routes: { national: RouteTable; crossborder: RouteTable };
}

/**
 * Composes the supergraph from the contract SDL files: `network` once, and each partitioned subgraph
 * (`national`, `crossborder`) once, whatever the number of countries. The URLs in the composed file
 * are placeholders: the gateway's data sources decide where each fetch goes.
 */
export function composeFromContract(contractDir: string = CONTRACT_DIR): ContractSupergraph {
  const read = (name: string) => readFileSync(join(contractDir, `${name}.graphql`), 'utf8');
  const sdl = { network: read('network'), national: read('national'), crossborder: read('crossborder') };
  const result = composeServices(
    (['network', 'national', 'crossborder'] as const).map((name) => ({
      name,
      url: `http://${name}.contract.invalid/graphql`,
      typeDefs: parse(sdl[name]),
    })),
  );
  if (result.errors) {
    throw new Error(
      `the contract in ${contractDir} does not compose: ${result.errors.map((e) => e.message).join('; ')}`,
    );
  }
  return {
    supergraphSdl: result.supergraphSdl,
    contractSdl: { national: sdl.national, crossborder: sdl.crossborder },
    routes: {
      national: readRouteTable('national', sdl.national),
      crossborder: readRouteTable('crossborder', sdl.crossborder),
    },
  };
}
