export * from './serveSubgraphs';
export * from './configError';
export * from './namingStrategy';
export * from './auth';
export * from './storeDataSource';
export * from './metrics';
export * from './linkageKeyFile';
