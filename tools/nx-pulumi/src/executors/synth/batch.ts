import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { runSynth, type SynthEngine } from './executor';
import type { SynthExecutorOptions } from './schema';

/** What Nx's batch runner takes per task (nx/src/tasks-runner/batch): success, or skipped, and the task's output. */
export interface BatchTaskResult {
  task: string;
  result: {
    success: boolean;
    status?: 'skipped';
    terminalOutput: string;
    startTime: number;
    endTime: number;
  };
}

/** The batch's tasks, each after the tasks of the batch it depends on (the upstream documents it reads). */
function upstreamFirst(taskGraph: TaskGraph): string[] {
  const order: string[] = [];
  const visit = (id: string, seen: Set<string>) => {
    if (order.includes(id) || seen.has(id)) return;
    seen.add(id);
    for (const dep of taskGraph.dependencies[id] ?? []) if (taskGraph.tasks[dep]) visit(dep, seen);
    order.push(id);
  };
  for (const id of Object.keys(taskGraph.tasks).sort()) visit(id, new Set());
  return order;
}

/**
 * `nx run-many -t synth`: every stack of the environment in this one process (the executor's `preferBatch`), upstream
 * first, so that @pulumi/pulumi and @pulumi/aws load once rather than once per stack. Each task keeps its own result,
 * output and cache entry, as if it had run alone; a stack whose upstream failed is skipped, as Nx skips it.
 */
export default async function* synthBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, SynthExecutorOptions>,
  _overrides: unknown,
  context: ExecutorContext,
  engine?: SynthEngine,
): AsyncGenerator<BatchTaskResult> {
  const failed = new Set<string>();
  for (const id of upstreamFirst(taskGraph)) {
    const task = taskGraph.tasks[id]!;
    const startTime = Date.now();
    const blocked = (taskGraph.dependencies[id] ?? []).filter((dep) => failed.has(dep));
    if (blocked.length > 0) {
      failed.add(id);
      const terminalOutput = `[${task.target.project}] not synthesized: ${blocked.join(', ')} failed.\n`;
      yield {
        task: id,
        result: { success: false, status: 'skipped', terminalOutput, startTime, endTime: startTime },
      };
      continue;
    }
    const lines: string[] = [];
    const taskContext: ExecutorContext = {
      ...context,
      projectName: task.target.project,
      targetName: task.target.target,
      configurationName: task.target.configuration,
    };
    let success = false;
    try {
      ({ success } = await runSynth(inputs[id]!, taskContext, engine, (line) => lines.push(line)));
    } catch (error) {
      lines.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    if (!success) failed.add(id);
    const terminalOutput = lines.map((line) => `${line}\n`).join('');
    yield { task: id, result: { success, terminalOutput, startTime, endTime: Date.now() } };
  }
}
