import type { ExecutorContext } from '@nx/devkit';
import { parseEnvironment } from '@payments/config';
import { summarizeEnvironment } from '../../summary';

export interface SummaryExecutorOptions {
  env: 'dev' | 'staging' | 'prod';
}

export default async function summaryExecutor(
  options: SummaryExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  let env;
  try {
    env = parseEnvironment(options.env);
  } catch (error) {
    console.error((error as Error).message);
    return { success: false };
  }
  const summary = summarizeEnvironment(context.root, env);
  for (const line of summary.lines) console.log(line);
  if (summary.missing.length > 0) {
    console.error(
      `Not synthesized: ${summary.missing.join(', ')}. Run npx nx run-many -t synth --env=${env}`,
    );
  }
  return { success: summary.missing.length === 0 && summary.mandatoryViolations === 0 };
}
