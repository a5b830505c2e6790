import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { runBatch, type BatchTaskResult } from '../../lib/batch';
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
 * Every Pulumi task of an `nx run-many` (the executor's `preferBatch`) in this one process (lib/batch.ts), as many at
 * once as `--parallel` allows: Nx would otherwise start a process per stack and load the executor in each, half a
 * second between an upstream's end and its dependent's first `pulumi` call. Each task runs the executor's own body
 * (`runPulumiTask`), so every check, refusal and line is the same.
 *
 * Output: Nx forwards this process's stdout and stderr to the terminal as they come
 * (nx/src/tasks-runner/running-tasks/batch-process.js), and prints each result's `terminalOutput` once more after it
 * (task-orchestrator.js `runBatch` -> `printTaskTerminalOutput`). So the lines go out live, each with its
 * `[project] ` prefix, and `terminalOutput` carries none of them: nothing is printed twice.
 */
export default function pulumiBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, PulumiExecutorOptions>,
  _overrides: unknown,
  context: ExecutorContext,
  runner: TaskRunner = runPulumiTask,
  limit: number = parallelism(context),
): AsyncGenerator<BatchTaskResult> {
  return runBatch(
    taskGraph,
    context,
    async (id, taskContext) => ({ ...(await runner(inputs[id]!, taskContext)), terminalOutput: '' }),
    limit,
  );
}
