import type { Environment } from '@payments/config';
import { run, type Interruption } from '@payments/processes';
import { prepareStack } from './cloud-command';
import { NxPulumiError } from './errors';
import { EXIT_STACK_NOT_FOUND, type Backend } from './pulumi-cli';
import type { Task } from './task';

/**
 * One entry of `pulumi stack history --json`: the fields read here (Pulumi v3.248.0
 * pkg/cmd/pulumi/stack/stack_history.go `updateInfoJSON`). `version` is Pulumi Cloud's update number; a
 * self-managed backend (file, S3) stores none and prints 0 for every update.
 */
export interface StackUpdate {
  version: number;
  kind?: string;
  /** RFC 5424 with milliseconds, UTC: `2026-11-28T09:30:00.000Z`. */
  startTime?: string;
  endTime?: string;
  message?: string;
  result?: string;
  /** What the CLI recorded about where the update ran: `git.head`, `git.dirty`, ... */
  environment?: Record<string, string>;
}

/** An update with the number users give `--to`. */
export interface NumberedUpdate extends StackUpdate {
  number: number;
}

/** How the numbers were made: Pulumi Cloud's own, or by position on a self-managed backend. */
export type Numbering = 'pulumi-cloud' | 'position';

/** The rows of `pulumi stack history --json` (a JSON list; `null` is read as empty too). */
export function parseHistory(json: string, stack: string): StackUpdate[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json === '' ? 'null' : json);
  } catch {
    throw new NxPulumiError(`pulumi stack history --json printed something that is not JSON for ${stack}.`);
  }
  if (parsed === null) return [];
  if (!Array.isArray(parsed)) {
    throw new NxPulumiError(`pulumi stack history --json printed no list of updates for ${stack}.`);
  }
  return parsed.filter(
    (row): row is StackUpdate => typeof row === 'object' && row !== null && typeof row.version === 'number',
  );
}

/**
 * Numbers a stack's whole history (newest first, as the CLI prints it). Pulumi Cloud numbers its updates;
 * a self-managed backend does not (every `version` is 0), so there the updates are numbered by position,
 * oldest = 1: the numbers Pulumi Cloud would show, since it too counts every recorded update.
 */
export function numberHistory(
  history: readonly StackUpdate[],
  stack: string,
): { updates: NumberedUpdate[]; numbering: Numbering } {
  const zeros = history.filter((u) => u.version === 0).length;
  if (zeros === history.length) {
    return {
      updates: history.map((u, i) => ({ ...u, number: history.length - i })),
      numbering: 'position',
    };
  }
  if (zeros > 0) {
    throw new NxPulumiError(
      `pulumi stack history of ${stack} mixes numbered updates with unnumbered ones (version 0): its numbers ` +
        'cannot be trusted; roll back with --to=<git sha> instead.',
    );
  }
  return { updates: history.map((u) => ({ ...u, number: u.version })), numbering: 'pulumi-cloud' };
}

/** Rows per `pulumi stack history` page; the CLI's default is 10. */
export const HISTORY_PAGE_SIZE = 100;

/** `pulumi stack history` of one page, as an argument array. */
export function historyArgs(stack: string, page: number): string[] {
  return [
    'stack',
    'history',
    '--stack',
    stack,
    '--json',
    '--page-size',
    String(HISTORY_PAGE_SIZE),
    '--page',
    String(page),
  ];
}

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
  where: { cwd: string; backend: Backend; interruption?: Interruption },
): Promise<{ updates: NumberedUpdate[]; numbering: Numbering }> {
  const history: StackUpdate[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const result = await run(pulumi, historyArgs(stack, page), { cwd: where.cwd, env: where.backend.env });
    where.interruption?.check('the stack history was read');
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
export async function runHistory(task: Task, env: Environment): Promise<boolean> {
  const say = (line: string) => process.stdout.write(`${task.prefix}${line}\n`);
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
}
