export * from './checkpoint';
export * from './checkpointRoutes';
export * from './checkpointStore';
export * from './serviceKeys';
