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
export * from './diff/compare';
export { diffMarker, formatDiffMarkdown } from './diff/markdown';
export { REPLACED_ON_CHANGE, replacementSource } from './diff/replacements';
export { runDiff, stackLocations, type DiffOptions, type DiffResult } from './diff/run';
export { DiffError, type StackLocation } from './diff/synthesize';
