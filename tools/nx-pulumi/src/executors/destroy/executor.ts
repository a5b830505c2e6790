import type { ExecutorContext } from '@nx/devkit';
import { runCloudCommand } from '../../lib/cloud-command';
import type { DestroyExecutorOptions } from './schema';

/**
 * `pulumi destroy --yes` of the `<env>` stack. The plugin makes it depend on the destroy of every stack that
 * reads this one, so a run-many destroys dependents first; prod needs `--force-prod`.
 */
export default function destroyExecutor(options: DestroyExecutorOptions, context: ExecutorContext) {
  return runCloudCommand('destroy', options, context);
}
