export * from './contracts';
export * from './fixtures';
export * from './references';
export * from './merchants';
