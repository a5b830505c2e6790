import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import type { Environment } from '@payments/config';
import { deployOrder } from '@payments/contracts';
import { run } from '@payments/processes';
import { keyMaterialCheck, prepareStack, stackExists } from './cloud-command';
import {
  driftOf,
  formatDrift,
  parsePreviewDigest,
  showValue,
  type DriftedProperty,
  type StackDrift,
} from './drift-report';
import { NxPulumiError } from './errors';
import { PULUMI_NOT_FOUND } from './pulumi-cli';
import type { Task } from './task';

/** The executor of the environment's drift summary (the `drift` target of this project, tools/nx-pulumi). */
export const DRIFT_SUMMARY_EXECUTOR = '@payments/nx-pulumi:drift-summary';

/**
 * The drift check of one stack: a refresh that only previews (no state is written, no lock taken on a
 * self-managed backend: v3.248.0 pkg/backend/diy/backend.go Refresh), as JSON. Never `--yes`, never `up`.
 */
export function driftArgs(stack: string): string[] {
  return ['refresh', '--preview-only', '--json', '--non-interactive', '--stack', stack];
}

/** `dist/drift/<env>/<project>.json`. */
export const driftFile = (workspaceRoot: string, env: Environment, project: string) =>
  join(workspaceRoot, 'dist', 'drift', env, `${project}.json`);

/** Whether this Nx run includes the environment's summary, which then fails the run naming every drifted stack. */
function summaryInRun(context: ExecutorContext): boolean {
  const { projects } = context.projectsConfigurations;
  return Object.values(context.taskGraph?.tasks ?? {}).some(
    (t) => projects[t.target.project]?.targets?.[t.target.target]?.executor === DRIFT_SUMMARY_EXECUTOR,
  );
}

/**
 * `nx run <stack>:drift --env=<env>`: `pulumi refresh --preview-only --json` of the stack, its drift printed
 * (each changed resource with the property paths that changed, old -> new, secrets as `[secret]`; each resource
 * deleted out of band) and written to `dist/drift/<env>/<project>.json`. Fails on drift, unless the environment's
 * summary runs after it (`nx run-many -t drift`), which then fails naming every drifted stack. A missing stack, CLI
 * or backend is an error before anything runs, as for the other cloud targets; the stack is never created.
 */
export async function runDrift(task: Task, env: Environment, context: ExecutorContext): Promise<boolean> {
  const say = (line: string) => process.stdout.write(`${task.prefix}${line}\n`);
  const file = driftFile(task.workspaceRoot, env, task.projectName);
  // Reports left by an earlier run must not stand for this one: the stack's, and the environment's summary.
  for (const stale of [file, join(file, '..', 'summary.json'), join(file, '..', 'report.md')]) {
    rmSync(stale, { force: true });
  }
  const prepared = prepareStack(task, env);
  const { stack, backend, pulumi, cwd } = prepared;
  const refusal = keyMaterialCheck(prepared, task);
  say(`pulumi refresh --preview-only ${stack.path}, ${backend.description}: read-only, nothing is changed`);
  if (!(await stackExists(prepared, task))) {
    throw new NxPulumiError(
      `${stack.path} is not deployed on ${backend.url}: there is nothing to check for drift (deploy it with ` +
        `\`npx nx run ${task.projectName}:up --env=${env}\`, or check the code offline with ` +
        `\`npx nx run ${task.projectName}:synth --env=${env}\`).`,
    );
  }
  if (refusal) throw new NxPulumiError(refusal);

  // PULUMI_SKIP_CONFIRMATIONS means --yes to the CLI, which refuses --yes with --preview-only.
  const childEnv = { ...backend.env };
  delete childEnv['PULUMI_SKIP_CONFIRMATIONS'];
  const result = await run(pulumi, driftArgs(stack.path), { cwd, env: childEnv, notFound: PULUMI_NOT_FOUND });
  const errors = result.stderr.split('\n').filter((line) => line.trim() !== '');
  for (const line of errors) process.stderr.write(`${task.prefix}${line}\n`);
  if (result.code !== 0) {
    const reason = errors.find((line) => line.startsWith('error:'))?.trim() ?? errors[0]?.trim();
    throw new NxPulumiError(
      `pulumi refresh --preview-only failed on ${stack.path} (exit code ${result.code})` +
        `${reason ? `: ${reason}` : ''}. Its drift is unknown.`,
    );
  }
  const drift = driftOf(parsePreviewDigest(result.stdout, stack.path), {
    project: task.projectName,
    stack: stack.path,
    env,
    checkedAt: new Date().toISOString(),
  });
  for (const line of formatDrift(drift)) say(line);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `${JSON.stringify(drift, null, 2)}\n`);
  say(`report: ${relative(task.workspaceRoot, file)}`);
  if (!drift.drifted || summaryInRun(context)) return true;
  throw new NxPulumiError(
    `${stack.path} has drifted from its code (above, and in ${relative(task.workspaceRoot, file)}).`,
  );
}

/** The stack projects of the workspace, in deploy order: the projects whose `drift` runs the Pulumi executor. */
function stackProjectNames(context: ExecutorContext): string[] {
  const order = deployOrder() as string[];
  return Object.entries(context.projectsConfigurations.projects)
    .filter(([, p]) => p.targets?.['drift']?.executor === '@payments/nx-pulumi:pulumi')
    .map(([name]) => name)
    .sort((a, b) => order.indexOf(a) - order.indexOf(b) || a.localeCompare(b));
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const markdownChange = (p: DriftedProperty) =>
  `  - ${code(p.path)}: ${'old' in p ? code(showValue(p.old)) : '(unset)'} → ` +
  `${'new' in p ? code(showValue(p.new)) : '(unset)'}${p.kind.endsWith('-replace') ? ' (reverting it replaces the resource)' : ''}`;

/** The environment's report as Markdown: the body of the drift issue the workflow opens. */
export function driftMarkdown(env: Environment, drifts: readonly StackDrift[]): string {
  const drifted = drifts.filter((d) => d.drifted);
  const clean = drifts.filter((d) => !d.drifted);
  const checkedAt = drifts.map((d) => d.checkedAt).sort()[0] ?? new Date().toISOString();
  const lines = [`<!-- payments-drift env=${env} -->`];
  if (drifted.length === 0) {
    lines.push(
      `## No drift in ${env}`,
      '',
      `All ${drifts.length} stacks match their state (\`pulumi refresh --preview-only\`, read-only, ${checkedAt}).`,
    );
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    `## Drift in ${env}`,
    '',
    `\`pulumi refresh --preview-only\` (read-only) found ${drifted.length} of ${drifts.length} stacks changed ` +
      `outside their code (checked ${checkedAt}). Values read state → cloud; secrets are shown as \`[secret]\`.`,
  );
  for (const d of drifted) {
    lines.push('', `### ${d.project} · ${code(d.stack)}`);
    if (d.changed.length > 0) {
      lines.push('', 'Changed out of band:');
      for (const r of d.changed)
        lines.push(`- ${code(r.type)} ${code(r.name)}`, ...r.properties.map(markdownChange));
    }
    if (d.deleted.length > 0) {
      lines.push('', 'Deleted out of band:', ...d.deleted.map((r) => `- ${code(r.type)} ${code(r.name)}`));
    }
    if (d.undetailed > 0) lines.push('', `${d.undetailed} more resource(s) changed without a detailed diff.`);
  }
  if (clean.length > 0) lines.push('', `Clean: ${clean.map((d) => d.project).join(', ')}.`);
  lines.push(
    '',
    `To return to the code, preview and deploy it (\`npx nx run-many -t preview --env=${env}\`, then \`up\`); to keep ` +
      'a change, put it in the code. This issue is updated by every drift run and closed once the environment is clean.',
  );
  return `${lines.join('\n')}\n`;
}

/**
 * The `drift` target of this project, last in `nx run-many -t drift --env=<env>`: one summary line for the
 * environment from the stacks' reports, `dist/drift/<env>/report.md` (the issue body) and `summary.json`; fails
 * naming the drifted stacks.
 */
export function runDriftSummary(env: Environment, context: ExecutorContext, prefix: string): boolean {
  const projects = stackProjectNames(context);
  const dir = join(context.root, 'dist', 'drift', env);
  const missing = projects.filter((p) => !existsSync(driftFile(context.root, env, p)));
  if (missing.length > 0) {
    throw new NxPulumiError(
      `No drift report for ${missing.join(', ')} in ${relative(context.root, dir)}: run npx nx run-many -t drift --env=${env}.`,
    );
  }
  const drifts = projects.map(
    (p) => JSON.parse(readFileSync(driftFile(context.root, env, p), 'utf8')) as StackDrift,
  );
  const drifted = drifts.filter((d) => d.drifted);
  const clean = drifts.filter((d) => !d.drifted).map((d) => d.project);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.md'), driftMarkdown(env, drifts));
  writeFileSync(
    join(dir, 'summary.json'),
    `${JSON.stringify({ env, drifted: drifted.map((d) => d.stack), clean: drifts.filter((d) => !d.drifted).map((d) => d.stack) }, null, 2)}\n`,
  );
  const detail = (d: StackDrift) =>
    `${d.project} (${[
      ...(d.changed.length > 0 ? [`${d.changed.length} changed`] : []),
      ...(d.deleted.length > 0 ? [`${d.deleted.length} deleted out of band`] : []),
      ...(d.undetailed > 0 ? [`${d.undetailed} without detail`] : []),
    ].join(', ')})`;
  process.stdout.write(
    `${prefix}drift ${env}: ${drifted.length} of ${drifts.length} stacks drifted` +
      `${drifted.length > 0 ? `: ${drifted.map(detail).join(', ')}` : ''}` +
      `${clean.length > 0 ? `; clean: ${clean.join(', ')}` : ''} -> ${relative(context.root, join(dir, 'report.md'))}\n`,
  );
  if (drifted.length === 0) return true;
  throw new NxPulumiError(
    `Drift in ${env}: ${drifted.map((d) => d.stack).join(', ')} changed outside their code (reports in ` +
      `${relative(context.root, dir)}/).`,
  );
}
