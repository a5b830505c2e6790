import type { ExecutorContext } from '@nx/devkit';
import { parseEnvironment } from '@payments/config';
import { runDriftSummary } from '../../lib/drift';
import { isUserError } from '../../lib/errors';
import type { DriftSummaryExecutorOptions } from './schema';

const PREFIX = '[drift] ';

/** `nx run-many -t drift --env=<env>` ends here: the environment's summary line and report (lib/drift.ts). */
export default async function driftSummaryExecutor(
  options: DriftSummaryExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  try {
    return { success: runDriftSummary(parseEnvironment(options.env), context, PREFIX) };
  } catch (error) {
    if (!isUserError(error)) throw error;
    process.stderr.write(`${PREFIX}${error.message}\n`);
    return { success: false };
  }
}
