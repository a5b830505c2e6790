import type { ExecutorContext } from '@nx/devkit';
import { isUserError } from './errors';

export interface Task {
  projectName: string;
  /** Relative to the workspace root, e.g. `infra/network`. */
  projectRoot: string;
  workspaceRoot: string;
  /** `[<project>] `: the prefix of every line this task prints. */
  prefix: string;
}

export function taskOf(context: ExecutorContext): Task {
  const projectName = context.projectName;
  const project = projectName ? context.projectsConfigurations.projects[projectName] : undefined;
  if (!projectName || !project)
    throw new Error(`Pulumi executors run on a project; got ${String(projectName)}.`);
  return { projectName, projectRoot: project.root, workspaceRoot: context.root, prefix: `[${projectName}] ` };
}

/**
 * Runs an executor body and turns a user error (bad `--env`, bad config, missing CLI, refused destroy) into
 * one line and a failed result; a bug keeps its stack trace.
 */
export async function guarded(
  task: Task,
  body: () => Promise<boolean>,
  /** Where the one line goes (a batch collects each task's output); stderr by default. */
  log?: (line: string) => void,
): Promise<{ success: boolean }> {
  try {
    return { success: await body() };
  } catch (error) {
    if (!isUserError(error)) throw error;
    if (log) log(`${task.prefix}${error.message}`);
    else process.stderr.write(`${task.prefix}${error.message}\n`);
    return { success: false };
  }
}
