import type { ExecutorContext } from '@nx/devkit';
import { parseEnvironment } from '@payments/config';
import { prepareStack } from './cloud-command';
import { NxPulumiError } from './errors';
import { capture, type Interruption } from './processes';
import { EXIT_STACK_NOT_FOUND, type Backend } from './pulumi-cli';
import {
  HISTORY_PAGE_SIZE,
  historyArgs,
  numberHistory,
  parseHistory,
  type NumberedUpdate,
  type Numbering,
  type StackUpdate,
} from './rollback-target';
import type { PulumiTargetOptions } from './options';
import { guarded, taskOf } from './task';

/** The pages the history is read in, at most: 100,000 updates. */
const MAX_PAGES = 1000;

/**
 * The whole update history of `stack`, newest first, numbered (see `numberHistory`). Every page is read: on a
 * self-managed backend the numbers are positions counted from the oldest update. Pulumi's self-managed backend
 * pages newest first and answers a page past the end with an empty list (v3.248.0 pkg/backend/diy/state.go
 * `getHistory`).
 */
export async function readHistory(
  pulumi: string,
  stack: string,
  run: { cwd: string; backend: Backend; interruption?: Interruption },
): Promise<{ updates: NumberedUpdate[]; numbering: Numbering }> {
  const history: StackUpdate[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const result = await capture(pulumi, historyArgs(stack, page), {
      cwd: run.cwd,
      env: run.backend.env,
      ...(run.interruption ? { interruption: run.interruption } : {}),
    });
    run.interruption?.check('the stack history was read');
    if (result.code === EXIT_STACK_NOT_FOUND) {
      throw new NxPulumiError(`${stack} is not deployed: it has no update history.`);
    }
    if (result.code !== 0) {
      const reason = result.stderr
        .split('\n')
        .find((line) => line.trim() !== '')
        ?.trim();
      throw new NxPulumiError(
        `pulumi stack history failed on ${stack} (exit code ${result.code})${reason ? `: ${reason}` : ''}.`,
      );
    }
    const rows = parseHistory(result.stdout.trim(), stack);
    history.push(...rows);
    if (rows.length < HISTORY_PAGE_SIZE) return numberHistory(history, stack);
  }
  throw new NxPulumiError(
    `${stack} has more than ${MAX_PAGES * HISTORY_PAGE_SIZE} updates: roll back with --to=<git sha>.`,
  );
}

/** `2026-11-28T09:30:00.000Z` -> `2026-11-28 09:30:00Z`. */
function shortTime(time: string | undefined): string {
  return time ? time.replace('T', ' ').replace(/\.\d{3}(Z|[+-]\d\d:\d\d)$/, '$1') : '';
}

/** The table `history` prints: the number `--to` takes, then commit, date, kind, result and message. */
export function formatHistory(updates: readonly NumberedUpdate[]): string[] {
  const rows = updates.map((u) => [
    String(u.number),
    (u.environment?.['git.head'] ?? '').slice(0, 12) + (u.environment?.['git.dirty'] === 'true' ? '+' : ''),
    shortTime(u.startTime),
    u.kind ?? '',
    u.result ?? '',
    (u.message ?? '').split('\n')[0] ?? '',
  ]);
  const header = ['version', 'commit', 'started (UTC)', 'kind', 'result', 'message'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/**
 * `nx run <stack>:history --env=<env>`: the stack's updates with the numbers `rollback --to` takes (`pulumi
 * stack history` prints 0 for all of them on a self-managed backend), newest first.
 */
export function runHistory(
  options: PulumiTargetOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const task = taskOf(context);
  const say = (line: string) => process.stdout.write(`${task.prefix}${line}\n`);
  return guarded(task, async () => {
    const env = parseEnvironment(options.env);
    const { stack, backend, pulumi, cwd } = prepareStack(task, env);
    const { updates, numbering } = await readHistory(pulumi, stack.path, { cwd, backend });
    say(
      `${stack.path}, ${backend.description}: ${updates.length} update(s), ` +
        (numbering === 'position'
          ? 'numbered by position (oldest = 1; this backend records no version numbers)'
          : 'numbered by Pulumi Cloud'),
    );
    if (updates.length === 0) return true;
    for (const line of formatHistory(updates)) say(line);
    say(`roll back with: npx nx run ${task.projectName}:rollback --env=${env} --to=<version>`);
    return true;
  });
}
