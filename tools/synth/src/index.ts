export * from './document';
export * from './hooks';
export * from './summary';
export {
  SynthError,
  stackConfig,
  synthFile,
  synthProject,
  type SynthProjectOptions,
  type SynthProjectResult,
} from './synth';
