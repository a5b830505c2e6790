import type { ExecutorContext } from '@nx/devkit';
import { parseEnvironment } from '@payments/config';
import { NxPulumiError } from '../../lib/errors';
import { guarded, taskOf } from '../../lib/task';
import type { RollbackExecutorOptions } from './schema';

/**
 * Planned (DESIGN "What users type"): re-deploy one stack from the source that produced an earlier version.
 * Until then it checks its arguments and fails, so that nobody mistakes it for a rollback that happened.
 */
export default function rollbackExecutor(options: RollbackExecutorOptions, context: ExecutorContext) {
  const task = taskOf(context);
  return guarded(task, async () => {
    const env = parseEnvironment(options.env);
    if (typeof options.to !== 'string' || options.to.trim() === '') {
      throw new NxPulumiError('rollback needs --to=<stack version or git sha>.');
    }
    throw new NxPulumiError(
      `rollback of ${task.projectName} (${env}) to ${options.to} is planned but not implemented yet; nothing was changed.`,
    );
  });
}
