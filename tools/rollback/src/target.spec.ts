import { NxPulumiError, numberHistory, type StackUpdate } from '@payments/nx-pulumi';
import { commitOfVersion, parseTarget } from './target';

const STACK = 'organization/payments-database/prod';
const SHA = 'a'.repeat(40);

describe('--to', () => {
  it.each([
    ['12', { kind: 'version', version: 12 }],
    [12, { kind: 'version', version: 12 }],
    [' 3 ', { kind: 'version', version: 3 }],
    ['1a2b3c4', { kind: 'sha', sha: '1a2b3c4' }],
    ['DEADBEEF', { kind: 'sha', sha: 'deadbeef' }],
    ['1'.repeat(40), { kind: 'sha', sha: '1'.repeat(40) }],
  ] as const)('reads %j as %j', (to, target) => {
    expect(parseTarget(to)).toEqual(target);
  });

  it.each([
    [undefined, 'rollback needs --to=<stack version or git sha>.'],
    ['', 'rollback needs --to=<stack version or git sha>.'],
    ['0', '--to=0 is not a stack version: versions count from 1.'],
    [
      'abc',
      "--to must be a stack version (a number, e.g. --to=12) or a git commit sha (hex, e.g. --to=1a2b3c4), got 'abc'.",
    ],
    [
      'HEAD~1',
      "--to must be a stack version (a number, e.g. --to=12) or a git commit sha (hex, e.g. --to=1a2b3c4), got 'HEAD~1'.",
    ],
    [
      Infinity,
      '--to reached rollback as the number Infinity: Nx reads values like 12e4567 as numbers; give the full 40-character sha.',
    ],
  ])('refuses %j in one line', (to, message) => {
    expect(() => parseTarget(to)).toThrow(new NxPulumiError(message));
  });
});

/** An entry as `pulumi stack history --json` prints it (v3.248.0 stack_history.go updateInfoJSON). */
function entry(version: number, environment: Record<string, string>, minute: number): StackUpdate {
  return {
    version,
    kind: 'update',
    startTime: `2026-11-28T09:${String(minute).padStart(2, '0')}:00.000Z`,
    message: '',
    environment,
    result: 'succeeded',
    endTime: `2026-11-28T09:${String(minute).padStart(2, '0')}:30.000Z`,
  };
}

const HISTORY_COMMAND = 'npx nx run database:history --env=prod';

describe('the commit of a stack version', () => {
  // Newest first, version 0: a self-managed backend's history of three updates.
  const { updates: history } = numberHistory(
    [
      entry(0, { 'git.head': SHA, 'git.dirty': 'true' }, 3),
      entry(0, { 'exec.kind': 'cli' }, 2),
      entry(0, { 'git.head': 'b'.repeat(40) }, 1),
    ],
    STACK,
  );

  it('is the git.head Pulumi recorded for that update, with its git.dirty', () => {
    expect(commitOfVersion(history, 1, STACK, HISTORY_COMMAND)).toEqual({
      sha: 'b'.repeat(40),
      dirty: false,
    });
    expect(commitOfVersion(history, 3, STACK, HISTORY_COMMAND)).toEqual({ sha: SHA, dirty: true });
  });

  it('is an error for a version the history does not hold, saying which it holds', () => {
    expect(() => commitOfVersion(history, 4, STACK, HISTORY_COMMAND)).toThrow(
      `Stack ${STACK} has no version 4 (its history holds versions 1 to 3; see ${HISTORY_COMMAND}).`,
    );
    expect(() => commitOfVersion([], 1, STACK, HISTORY_COMMAND)).toThrow(`(it has no update history;`);
    expect(() => commitOfVersion(history, 1234567, STACK, HISTORY_COMMAND)).toThrow(
      'a commit sha made only of digits needs all 40 characters',
    );
  });

  it('is an error for a version without git.head', () => {
    expect(() => commitOfVersion(history, 2, STACK, HISTORY_COMMAND)).toThrow(
      `Version 2 of ${STACK} recorded no git commit (no git.head in its environment), so the source that produced it ` +
        'is unknown: roll back with --to=<git sha> instead.',
    );
  });
});
