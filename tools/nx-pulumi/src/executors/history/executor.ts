import type { ExecutorContext } from '@nx/devkit';
import { runHistory } from '../../lib/history';
import type { HistoryExecutorOptions } from './schema';

/**
 * The `<env>` stack's updates, newest first, with the numbers `rollback --to` takes: Pulumi Cloud's versions, or
 * on a self-managed backend (whose `pulumi stack history` prints 0 for every update) their position, oldest = 1.
 */
export default function historyExecutor(options: HistoryExecutorOptions, context: ExecutorContext) {
  return runHistory(options, context);
}
