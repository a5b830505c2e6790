import type { ExecutorContext } from '@nx/devkit';
import { runCloudCommand } from '../../lib/cloud-command';
import type { RefreshExecutorOptions } from './schema';

/** `pulumi refresh --yes` of the `<env>` stack; the plugin refreshes the upstream stacks first. */
export default function refreshExecutor(options: RefreshExecutorOptions, context: ExecutorContext) {
  return runCloudCommand('refresh', options, context);
}
