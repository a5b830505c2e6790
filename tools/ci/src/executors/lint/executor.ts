import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { join } from 'node:path';
import { ESLint } from 'eslint';

/** The folders of a project to lint, relative to its root (`eslint src` by default). */
export interface LintOptions {
  patterns?: string[];
}

export interface LintProject {
  name: string;
  root: string;
  patterns: string[];
}

export interface LintResult {
  success: boolean;
  terminalOutput: string;
}

/**
 * `eslint <patterns>` in a project's root with the workspace's eslint.config.mjs. A batch passes every project the
 * same ESLint instance, so the config, the parser and the plugins (the boundary rule's project graph too) are loaded
 * once, not once per project. A project fails on any error, as the eslint CLI does; warnings are printed.
 */
export async function lintProject(
  eslint: ESLint,
  workspaceRoot: string,
  project: LintProject,
): Promise<LintResult> {
  const formatter = await eslint.loadFormatter('stylish');
  const files = await eslint.lintFiles(
    project.patterns.map((pattern) => join(workspaceRoot, project.root, pattern)),
  );
  const errors = files.reduce((sum, file) => sum + file.errorCount + file.fatalErrorCount, 0);
  return { success: errors === 0, terminalOutput: await formatter.format(files) };
}

const patternsOf = (options: LintOptions | undefined) => options?.patterns ?? ['src'];

/** `nx run <project>:lint`: the one project. */
export default async function lintExecutor(
  options: LintOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const name = context.projectName;
  const root = name ? context.projectsConfigurations.projects[name]?.root : undefined;
  if (!name || root === undefined) throw new Error('lint: run it as a target of a project');
  const result = await lintProject(new ESLint({ cwd: context.root }), context.root, {
    name,
    root,
    patterns: patternsOf(options),
  });
  if (result.terminalOutput) process.stdout.write(result.terminalOutput);
  return { success: result.success };
}

/** `npm test`, `nx affected -t lint`: every project's lint task in one process, one ESLint instance. */
export async function* lintBatch(
  taskGraph: TaskGraph,
  options: Record<string, LintOptions>,
  _overrides: unknown,
  context: ExecutorContext,
): AsyncGenerator<{ task: string; result: LintResult & { startTime: number; endTime: number } }> {
  const eslint = new ESLint({ cwd: context.root });
  for (const task of Object.values(taskGraph.tasks)) {
    const startTime = Date.now();
    const project = {
      name: task.target.project,
      root: context.projectsConfigurations.projects[task.target.project]?.root ?? task.target.project,
      patterns: patternsOf(options[task.id]),
    };
    const result = await lintProject(eslint, context.root, project);
    yield { task: task.id, result: { ...result, startTime, endTime: Date.now() } };
  }
}
