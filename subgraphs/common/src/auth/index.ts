export * from './principal';
export * from './authSettings';
export * from './bearerVerifier';
export * from './devKeys';
export * from './dataFreeOperation';
export * from './verifiedTokens';
export * from './tokenExpiry';
