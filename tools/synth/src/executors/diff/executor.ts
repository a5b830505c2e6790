import type { ExecutorContext } from '@nx/devkit';
import { isDiffUserError, runDiff, stackLocations, type DiffOptions } from '../../diff/run';

/** `nx run synth:diff --env=<env> --base=<ref>`; see diff/run.ts. Bad input or an unsynthesizable side: one line. */
export default async function diffExecutor(
  options: DiffOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  try {
    await runDiff(options, context.root, stackLocations(context.projectsConfigurations.projects));
    return { success: true };
  } catch (error) {
    if (!isDiffUserError(error)) throw error;
    process.stderr.write(`[synth] ${error.message}\n`);
    return { success: false };
  }
}
