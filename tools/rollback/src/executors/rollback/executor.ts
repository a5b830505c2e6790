import type { ExecutorContext } from '@nx/devkit';
import { runRollback } from '../../rollback';
import type { RollbackExecutorOptions } from './schema';

/**
 * Re-deploys this one stack from the source that produced an earlier version (README.md, "Rolling back one stack"):
 * preview first, refused when the old program no longer exports what a downstream stack reads. Never touches
 * another stack: the target has no `dependsOn`.
 */
export default function rollbackExecutor(options: RollbackExecutorOptions, context: ExecutorContext) {
  return runRollback(options, context);
}
