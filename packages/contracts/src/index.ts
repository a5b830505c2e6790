export * from './contracts';
export * from './context';
export * from './fixtures';
export * from './references';
