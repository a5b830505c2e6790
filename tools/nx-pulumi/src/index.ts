// The plugin and executors are loaded by Nx from their own files (nx.json, executors.json). This entry is what the
// other tools import: tools/rollback builds on the same stack preparation, CLI runner and history, and tools/ci,
// tools/bench and the end-to-end tests use the recording stub `pulumi` and the temporary repositories.
export { createNodesV2, EXECUTORS, PULUMI_TARGETS, ROLLBACK_EXECUTOR, type PulumiTarget } from './plugin';
export {
  initCommand,
  policyPackRun,
  prepareStack,
  runCloudCommand,
  runInit,
  type PreparedStack,
} from './lib/cloud-command';
export {
  DRIFT_SUMMARY_EXECUTOR,
  driftArgs,
  driftFile,
  driftMarkdown,
  runDrift,
  runDriftSummary,
} from './lib/drift';
export {
  driftOf,
  formatDrift,
  parsePreviewDigest,
  type DriftedProperty,
  type DriftedResource,
  type PreviewDigest,
  type PreviewStep,
  type StackDrift,
} from './lib/drift-report';
export { NxPulumiError, isUserError } from './lib/errors';
export {
  formatHistory,
  numberHistory,
  parseHistory,
  readHistory,
  runHistory,
  type NumberedUpdate,
  type Numbering,
  type StackUpdate,
} from './lib/history';
export { PULUMI_COMMANDS, type PulumiCommand, type PulumiTargetOptions } from './lib/options';
export {
  PULUMI_NOT_FOUND,
  commandArgs,
  keyMaterialRefusal,
  policyPackDir,
  runPulumi,
  type Backend,
  type CloudCommand,
  type PolicyPackRun,
} from './lib/pulumi-cli';
export { guarded, taskOf, type Task } from './lib/task';
export { executorContext } from './testing/context';
export { schemaOptions, type SchemaOf } from './testing/schema';
export {
  CI_VARIABLES,
  WORKSPACE_ROOT,
  cleanEnv,
  createStub,
  pathWithoutPulumi,
  runNx,
  type NxRun,
  type Stub,
  type StubCall,
} from './testing/stub';
export { createTempRepo, type FileChange, type TempRepo } from './testing/temp-repo';
