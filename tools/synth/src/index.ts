export * from './document';
export * from './harness';
export * from './hooks';
export * from './summary';
export {
  SynthError,
  readProgram,
  stackConfig,
  synthFile,
  synthProject,
  type SynthProjectOptions,
  type SynthProjectResult,
} from './synth';
