import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { runBatch, type BatchTaskResult } from '../../lib/batch';
import { runSynth, type SynthEngine } from './executor';
import type { SynthExecutorOptions } from './schema';

export type { BatchTaskResult } from '../../lib/batch';

/**
 * `nx run-many -t synth`: every stack of the environment in this one process (the executor's `preferBatch`, lib/batch.ts),
 * upstream first and one at a time (the Pulumi runtime is process-global), so that @pulumi/pulumi and @pulumi/aws load
 * once rather than once per stack. Each task keeps its own result, output and cache entry, as if it had run alone; a
 * stack whose upstream failed is not run, as Nx would skip it.
 */
export default function synthBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, SynthExecutorOptions>,
  _overrides: unknown,
  context: ExecutorContext,
  engine?: SynthEngine,
): AsyncGenerator<BatchTaskResult> {
  return runBatch(
    taskGraph,
    context,
    async (id, taskContext) => {
      const lines: string[] = [];
      let success = false;
      try {
        ({ success } = await runSynth(inputs[id]!, taskContext, engine, (line) => lines.push(line)));
      } catch (error) {
        lines.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
      }
      return { success, terminalOutput: lines.map((line) => `${line}\n`).join('') };
    },
    1,
  );
}
