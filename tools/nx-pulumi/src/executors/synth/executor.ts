import type { ExecutorContext } from '@nx/devkit';
import { parseEnvironment } from '@payments/config';
import { summarizeEnvironment, synthProject } from '@payments/synth';
import { checkOptions, type OptionTypes } from '../../lib/options';
import { guarded, taskOf } from '../../lib/task';
import type { SynthExecutorOptions } from './schema';

/** The parts of the engine (tools/synth) this executor calls; tests pass a fake. */
export type SynthEngine = {
  synthProject: typeof synthProject;
  summarizeEnvironment: typeof summarizeEnvironment;
};

/** Every option the executor takes, with its JSON type: schema.json lists the same (executors/schemas.spec.ts). */
export const SYNTH_OPTIONS = { env: 'string', summary: 'boolean' } as const satisfies OptionTypes;

export async function runSynth(
  options: SynthExecutorOptions,
  context: ExecutorContext,
  engine: SynthEngine = { synthProject, summarizeEnvironment },
  /** Where the engine's lines go: stdout, or the batch's per-task output. */
  log?: (line: string) => void,
): Promise<{ success: boolean }> {
  const task = taskOf(context);
  return guarded(
    task,
    async () => {
      const env = parseEnvironment(options.env);
      checkOptions(options, SYNTH_OPTIONS, 'synth');
      if (options.summary) {
        const summary = engine.summarizeEnvironment(task.workspaceRoot, env);
        for (const line of summary.lines) (log ?? console.log)(line);
        if (summary.missing.length > 0) {
          (log ?? console.error)(
            `Not synthesized: ${summary.missing.join(', ')}. Run npx nx run-many -t synth --env=${env}`,
          );
        }
        return summary.missing.length === 0 && summary.mandatoryViolations === 0;
      }
      // The engine prints its own progress, summary and one-line failure reason. The program runs in this process:
      // no second Node process loading Pulumi again per stack.
      const { success } = await engine.synthProject({
        workspaceRoot: task.workspaceRoot,
        projectRoot: task.projectRoot,
        projectName: task.projectName,
        env,
        inProcess: true,
        ...(log ? { log } : {}),
      });
      return success;
    },
    log,
  );
}

/**
 * Offline synth of the `<env>` stack; the plugin synthesizes the upstream stacks first (their exports feed it). With
 * `summary`, the environment's total once every stack is synthesized (the synth project's own `synth` target).
 */
export default function synthExecutor(options: SynthExecutorOptions, context: ExecutorContext) {
  return runSynth(options, context);
}
