export * from './serveSubgraphs';
export * from './configError';
