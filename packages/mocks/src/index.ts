export * from './fixtures';
export * from './mocks';
export * from './run-stack';
