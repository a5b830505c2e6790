export { addCheckout, installDependencies, removeCheckout, type Checkout } from './checkout';
export {
  CommandFailedError,
  commitOf,
  describeCommit,
  fileAt,
  git,
  gitTopLevel,
  mergeBase,
  uncommittedChanges,
} from './git';
export { linkNodeModules } from './node-modules';
export {
  CommandNotFoundError,
  Interruption,
  InterruptedError,
  run,
  type Finished,
  type RunOptions,
} from './run';
export { testGit } from './test-git';
