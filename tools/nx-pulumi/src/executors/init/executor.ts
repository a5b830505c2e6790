import type { ExecutorContext } from '@nx/devkit';
import { runInit } from '../../lib/cloud-command';
import type { InitExecutorOptions } from './schema';

/**
 * Day zero: `pulumi stack init` of the `<env>` stack on the shared backend, which writes the secrets provider's
 * key material into Pulumi.<env>.yaml, to be committed. Deploys nothing.
 */
export default function initExecutor(options: InitExecutorOptions, context: ExecutorContext) {
  return runInit(options, context);
}
