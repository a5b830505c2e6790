import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { Interruption } from '@payments/processes';
import type { BatchTaskResult } from '../synth/batch';
import { runPulumiTask } from './executor';
import type { PulumiExecutorOptions } from './schema';

/** Runs one task of the batch; the executor's own body by default, a fake in tests. */
export type TaskRunner = (
  options: PulumiExecutorOptions,
  context: ExecutorContext,
) => Promise<{ success: boolean }>;

/** Nx's default `--parallel` (nx/src/command-line/yargs-utils/shared-options.js `readParallelFromArgsAndEnv`). */
const NX_DEFAULT_PARALLEL = 3;

/** The command line of the Nx process that forked this batch: /proc on Linux, `ps` elsewhere; undefined if unread. */
function parentArgv(): string[] | undefined {
  try {
    return readFileSync(`/proc/${process.ppid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    try {
      const out = execFileSync('ps', ['-o', 'args=', '-p', String(process.ppid)], { encoding: 'utf8' });
      return out.trim().split(/\s+/);
    } catch {
      return undefined;
    }
  }
}

/** The value of `--<name>` (`--name=v`, `--name v`, bare `--name` is ''), or undefined. */
function flag(argv: readonly string[], names: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    for (const name of names) {
      const arg = argv[i]!;
      if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
      if (arg === `--${name}`) {
        const next = argv[i + 1];
        return next !== undefined && !next.startsWith('-') ? next : '';
      }
    }
  }
  return undefined;
}

/**
 * How many stacks may run at once: the `--parallel` the user gave Nx, read as Nx reads it. Nx 23.2.1 passes a batch
 * no Nx flags (tasks-runner/batch/run-batch.js hands it the task graph, the options and the task overrides only), so
 * the flag is read from the command line of the Nx process that forked it; then `NX_PARALLEL`, nx.json's
 * `parallel`, and Nx's default of 3.
 */
export function parallelism(
  context: Pick<ExecutorContext, 'nxJsonConfiguration'>,
  argv: readonly string[] | undefined = parentArgv(),
  env: NodeJS.ProcessEnv = process.env,
): number {
  const count = (value: string | undefined) => {
    const n = Number(value);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };
  const given = argv ? flag(argv, ['parallel']) : undefined;
  if (given === 'false') return 1;
  const max = argv ? count(flag(argv, ['maxParallel', 'max-parallel'])) : undefined;
  if (given === '' || given === 'true') return max ?? count(env['NX_PARALLEL']) ?? NX_DEFAULT_PARALLEL;
  return (
    count(given) ??
    count(env['NX_PARALLEL']) ??
    count(String(context.nxJsonConfiguration?.parallel ?? '')) ??
    NX_DEFAULT_PARALLEL
  );
}

/**
 * Every Pulumi task of an `nx run-many` (the executor's `preferBatch`) in this one process: Nx would otherwise start
 * a process per stack and load the executor in each, half a second between an upstream's end and its dependent's
 * first `pulumi` call. Each task runs the executor's own body (`runPulumiTask`), so every check, refusal and line is
 * the same; it starts as soon as the tasks it depends on in the batch have succeeded (the graph Nx gives: upstream
 * first for up, dependents first for destroy), as many at once as `--parallel` allows. A task whose dependency
 * failed is not run and says so. After SIGINT or SIGTERM (passed on to the running CLIs by `run`) nothing new starts.
 *
 * Output: Nx forwards this process's stdout and stderr to the terminal as they come
 * (nx/src/tasks-runner/running-tasks/batch-process.js), and prints each result's `terminalOutput` once more after it
 * (task-orchestrator.js `runBatch` -> `printTaskTerminalOutput`). So the lines go out live, each with its
 * `[project] ` prefix, and `terminalOutput` carries none of them (only a skipped task's reason, which Nx does not
 * print): nothing is printed twice.
 */
export default async function* pulumiBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, PulumiExecutorOptions>,
  _overrides: unknown,
  context: ExecutorContext,
  runner: TaskRunner = runPulumiTask,
  limit: number = parallelism(context),
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
    return runner(inputs[id]!, taskContext)
      .catch((error: unknown) => {
        // A bug, not a user error (those are one line, from `guarded`): its stack, and the other tasks go on.
        process.stderr.write(
          `[${task.target.project}] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
        return { success: false };
      })
      .then(({ success }) => {
        outcome.set(id, success ? 'success' : 'failure');
        return { task: id, result: { success, terminalOutput: '', startTime, endTime: Date.now() } };
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
