export {
  CommandNotFoundError,
  Interruption,
  InterruptedError,
  run,
  type Finished,
  type RunOptions,
} from './run';
