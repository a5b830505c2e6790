import { NxPulumiError } from './errors';
import {
  HISTORY_PAGE_SIZE,
  commitOfVersion,
  historyArgs,
  numberHistory,
  parseHistory,
  parseTarget,
  type StackUpdate,
} from './rollback-target';

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

describe('the numbers of a stack history', () => {
  it('are positions, oldest = 1, on a self-managed backend, which prints version 0 for every update', () => {
    const history = [entry(0, {}, 3), entry(0, {}, 2), entry(0, {}, 1)];
    const { updates, numbering } = numberHistory(history, STACK);
    expect(numbering).toBe('position');
    expect(updates.map((u) => [u.number, u.startTime])).toEqual([
      [3, '2026-11-28T09:03:00.000Z'],
      [2, '2026-11-28T09:02:00.000Z'],
      [1, '2026-11-28T09:01:00.000Z'],
    ]);
  });

  it("are Pulumi Cloud's own versions there", () => {
    const { updates, numbering } = numberHistory([entry(42, {}, 2), entry(40, {}, 1)], STACK);
    expect(numbering).toBe('pulumi-cloud');
    expect(updates.map((u) => u.number)).toEqual([42, 40]);
    expect(numberHistory([], STACK)).toEqual({ updates: [], numbering: 'position' });
  });

  it('are refused when numbered and unnumbered updates mix', () => {
    expect(() => numberHistory([entry(2, {}, 2), entry(0, {}, 1)], STACK)).toThrow(
      'mixes numbered updates with unnumbered ones',
    );
  });
});

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

describe('pulumi stack history --json', () => {
  it('is read page by page, as JSON', () => {
    expect(historyArgs(STACK, 2)).toEqual([
      'stack',
      'history',
      '--stack',
      STACK,
      '--json',
      '--page-size',
      String(HISTORY_PAGE_SIZE),
      '--page',
      '2',
    ]);
    expect(parseHistory('[{"version":1},{"nope":true}]', STACK)).toEqual([{ version: 1 }]);
    expect(parseHistory('null', STACK)).toEqual([]);
    expect(parseHistory('', STACK)).toEqual([]);
  });

  it('is an error when it is not a JSON list', () => {
    expect(() => parseHistory('error: no stack', STACK)).toThrow(NxPulumiError);
    expect(() => parseHistory('{}', STACK)).toThrow(
      `pulumi stack history --json printed no list of updates for ${STACK}.`,
    );
  });
});
