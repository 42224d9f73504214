export * from './codeList';
export * from './geography';
export * from './exploitation';
export * from './victim';
export * from './process';
export * from './privacy';
export * from './statistics';
export * from './directory';
