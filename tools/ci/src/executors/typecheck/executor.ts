import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

/** A project to check: its name and its root relative to the workspace. */
export interface TypecheckProject {
  name: string;
  root: string;
}

export interface TypecheckResult {
  success: boolean;
  terminalOutput: string;
}

interface Parsed extends TypecheckProject {
  config: ts.ParsedCommandLine;
}

const host: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (name) => name,
  getCurrentDirectory: () => process.cwd(),
  getNewLine: () => '\n',
};

/** Compiler options without the per-file bookkeeping, so two projects with the same settings compare equal. */
function optionsKey(options: ts.CompilerOptions): string {
  const { configFilePath: _path, ...rest } = options;
  return JSON.stringify(rest, Object.keys(rest).sort());
}

/** A file that puts names in the global scope: a script (no import/export) or one with `declare global`. */
function leaksGlobals(file: ts.SourceFile): boolean {
  if (!ts.isExternalModule(file)) return true;
  return file.statements.some(
    (statement) =>
      ts.isModuleDeclaration(statement) && (statement.flags & ts.NodeFlags.GlobalAugmentation) !== 0,
  );
}

/**
 * `tsc -p <root>/tsconfig.json --noEmit` for each project, as few TypeScript programs as that allows: the projects
 * whose compiler options are equal share ONE program, so @pulumi/* declarations and the shared packages are parsed
 * and bound once, not once per project. Each project answers for the diagnostics of its own files (and of files no
 * checked project owns). A project whose files declare globals is checked in a program of its own, so no other
 * project's check can lean on them.
 */
export function typecheckProjects(
  workspaceRoot: string,
  projects: TypecheckProject[],
): Map<string, TypecheckResult> {
  const results = new Map<string, TypecheckResult>();
  const parsed: Parsed[] = [];
  for (const project of projects) {
    const configPath = join(workspaceRoot, project.root, 'tsconfig.json');
    const read = ts.readConfigFile(configPath, ts.sys.readFile);
    if (read.error) {
      results.set(project.name, { success: false, terminalOutput: ts.formatDiagnostics([read.error], host) });
      continue;
    }
    const config = ts.parseJsonConfigFileContent(read.config, ts.sys, join(workspaceRoot, project.root));
    parsed.push({ ...project, config: { ...config, options: { ...config.options, noEmit: true } } });
  }
  const groups = new Map<string, Parsed[]>();
  for (const project of parsed) {
    const key = optionsKey(project.config.options);
    groups.set(key, [...(groups.get(key) ?? []), project]);
  }
  for (const group of groups.values()) {
    let program = check(group);
    const owner = (file: ts.SourceFile) => ownerOf(workspaceRoot, group, file.fileName);
    const leaking = new Set(
      program
        .getSourceFiles()
        .filter((file) => !file.isDeclarationFile && leaksGlobals(file))
        .map((file) => owner(file))
        .filter((project): project is Parsed => project !== undefined),
    );
    if (group.length > 1 && leaking.size > 0) {
      for (const project of leaking) report(workspaceRoot, [project], check([project], program), results);
      const rest = group.filter((project) => !leaking.has(project));
      if (rest.length === 0) continue;
      program = check(rest, program);
      report(workspaceRoot, rest, program, results);
    } else {
      report(workspaceRoot, group, program, results);
    }
  }
  return results;
}

function check(group: Parsed[], oldProgram?: ts.Program): ts.Program {
  const first = group[0];
  if (!first) throw new Error('typecheck: an empty group of projects');
  return ts.createProgram({
    rootNames: group.flatMap((project) => project.config.fileNames),
    options: first.config.options,
    projectReferences: first.config.projectReferences,
    ...(oldProgram ? { oldProgram } : {}),
  });
}

function ownerOf(workspaceRoot: string, group: Parsed[], fileName: string): Parsed | undefined {
  const path = relative(workspaceRoot, fileName).split(sep).join('/');
  return group.find((project) => path.startsWith(`${project.root}/`));
}

/** Sorts the program's diagnostics to the projects that own their files; one no project owns fails them all. */
function report(
  workspaceRoot: string,
  group: Parsed[],
  program: ts.Program,
  results: Map<string, TypecheckResult>,
): void {
  const diagnostics = new Map<Parsed, ts.Diagnostic[]>(group.map((project) => [project, []]));
  const all = [
    ...group.flatMap((project) => project.config.errors),
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...program.getSemanticDiagnostics(),
  ];
  for (const diagnostic of all) {
    const owner = diagnostic.file ? ownerOf(workspaceRoot, group, diagnostic.file.fileName) : undefined;
    for (const project of owner ? [owner] : group) diagnostics.get(project)?.push(diagnostic);
  }
  for (const [project, found] of diagnostics) {
    const errors = found.filter((d) => d.category === ts.DiagnosticCategory.Error);
    const text = process.stdout.isTTY
      ? ts.formatDiagnosticsWithColorAndContext(found, host)
      : ts.formatDiagnostics(found, host);
    results.set(project.name, {
      success: errors.length === 0,
      terminalOutput:
        errors.length === 0 ? text : `${text}\n[typecheck] ${project.name}: ${errors.length} type error(s)\n`,
    });
  }
}

/** `nx run <project>:typecheck`: the one project. */
export default async function typecheckExecutor(
  _options: Record<string, never>,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const name = context.projectName;
  const root = name ? context.projectsConfigurations.projects[name]?.root : undefined;
  if (!name || root === undefined) throw new Error('typecheck: run it as a target of a project');
  const result = typecheckProjects(context.root, [{ name, root }]).get(name);
  if (result?.terminalOutput) process.stdout.write(result.terminalOutput);
  return { success: result?.success ?? false };
}

/** `npm test`, `nx affected -t typecheck`: every project's typecheck task in one process (see typecheckProjects). */
export async function* typecheckBatch(
  taskGraph: TaskGraph,
  _options: Record<string, unknown>,
  _overrides: unknown,
  context: ExecutorContext,
): AsyncGenerator<{ task: string; result: TypecheckResult & { startTime: number; endTime: number } }> {
  const startTime = Date.now();
  const tasks = Object.values(taskGraph.tasks);
  const projects = tasks.map((task) => ({
    name: task.target.project,
    root: context.projectsConfigurations.projects[task.target.project]?.root ?? task.target.project,
  }));
  const results = typecheckProjects(context.root, projects);
  const endTime = Date.now();
  for (const task of tasks) {
    const result = results.get(task.target.project) ?? {
      success: false,
      terminalOutput: 'typecheck: not checked\n',
    };
    yield { task: task.id, result: { ...result, startTime, endTime } };
  }
}
