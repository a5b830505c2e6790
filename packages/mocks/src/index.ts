export * from './fixtures';
export * from './mocks';
export * from './run-stack';
export {
  PULUMI_VERSION_WRITTEN_FOR,
  STACK_REFERENCE_READERS,
  recordStackReferenceReads,
  type Registration,
} from './pulumi-internals';
