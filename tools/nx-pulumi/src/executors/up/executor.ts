import type { ExecutorContext } from '@nx/devkit';
import { runCloudCommand } from '../../lib/cloud-command';
import type { UpExecutorOptions } from './schema';

/** `pulumi up --yes` of the `<env>` stack; the plugin deploys the upstream stacks first. */
export default function upExecutor(options: UpExecutorOptions, context: ExecutorContext) {
  return runCloudCommand('up', options, context);
}
