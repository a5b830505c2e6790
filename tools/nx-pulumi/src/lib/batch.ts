import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { Interruption } from '@payments/processes';

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

/** One task's run: its success and what Nx should keep as its output (cache, and the run's end). */
export type BatchTaskRun = (
  id: string,
  context: ExecutorContext,
) => Promise<{ success: boolean; terminalOutput: string }>;

/**
 * The tasks of one Nx batch (the synth and pulumi executors' `preferBatch`), run in this process as Nx would run
 * them apart: each starts as soon as the tasks it depends on in the batch have succeeded (the graph Nx gives:
 * upstream first for up and synth, dependents first for destroy), at most `limit` at once. A task whose dependency
 * failed is not run and says so in one line, live on stderr (Nx prints no output for a skipped task) and as its
 * output. After SIGINT or SIGTERM (passed on to running commands by @payments/processes) nothing new starts.
 */
export async function* runBatch(
  taskGraph: TaskGraph,
  context: ExecutorContext,
  run: BatchTaskRun,
  limit: number,
): AsyncGenerator<BatchTaskResult> {
  const ids = Object.keys(taskGraph.tasks).sort();
  const dependencies = (id: string) => (taskGraph.dependencies[id] ?? []).filter((d) => taskGraph.tasks[d]);
  const outcome = new Map<string, 'success' | 'failure' | 'skipped'>();
  const running = new Map<string, Promise<BatchTaskResult>>();
  const interruption = new Interruption().start();

  const skip = (id: string, reason: string): BatchTaskResult => {
    outcome.set(id, 'skipped');
    const task = taskGraph.tasks[id]!;
    const line = `[${task.target.project}] ${task.target.target} not run: ${reason}.\n`;
    process.stderr.write(line);
    const now = Date.now();
    return {
      task: id,
      result: { success: false, status: 'skipped', terminalOutput: line, startTime: now, endTime: now },
    };
  };

  const start = (id: string): Promise<BatchTaskResult> => {
    const task = taskGraph.tasks[id]!;
    const taskContext: ExecutorContext = {
      ...context,
      projectName: task.target.project,
      targetName: task.target.target,
      configurationName: task.target.configuration,
    };
    const startTime = Date.now();
    return run(id, taskContext)
      .catch((error: unknown) => {
        // A bug, not a user error (those are one line, from `guarded`): its stack, and the other tasks go on.
        process.stderr.write(
          `[${task.target.project}] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
        return { success: false, terminalOutput: '' };
      })
      .then(({ success, terminalOutput }) => {
        outcome.set(id, success ? 'success' : 'failure');
        return { task: id, result: { success, terminalOutput, startTime, endTime: Date.now() } };
      });
  };

  try {
    for (;;) {
      const skipped: BatchTaskResult[] = [];
      for (const id of ids) {
        if (outcome.has(id) || running.has(id)) continue;
        const deps = dependencies(id);
        const blocked = deps.filter((d) => outcome.get(d) === 'failure' || outcome.get(d) === 'skipped');
        if (blocked.length > 0) {
          skipped.push(
            skip(
              id,
              blocked
                .map((d) => `${d} ${outcome.get(d) === 'failure' ? 'failed' : 'was not run'}`)
                .join(', '),
            ),
          );
        } else if (interruption.signal) {
          skipped.push(skip(id, `interrupted (${interruption.signal})`));
        } else if (running.size < limit && deps.every((d) => outcome.get(d) === 'success')) {
          running.set(id, start(id));
        }
      }
      // A skip can unblock (skip) further tasks: report it and look again before waiting.
      if (skipped.length > 0) {
        yield* skipped;
        continue;
      }
      if (running.size === 0) break;
      const done = await Promise.race(running.values());
      running.delete(done.task);
      yield done;
    }
  } finally {
    interruption.stop();
  }
}
