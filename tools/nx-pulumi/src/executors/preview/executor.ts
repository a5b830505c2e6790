import type { ExecutorContext } from '@nx/devkit';
import { runCloudCommand } from '../../lib/cloud-command';
import type { PreviewExecutorOptions } from './schema';

/** `pulumi preview --diff` of the `<env>` stack; the plugin runs the upstream previews first. */
export default function previewExecutor(options: PreviewExecutorOptions, context: ExecutorContext) {
  return runCloudCommand('preview', options, context);
}
