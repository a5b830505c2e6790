import { NxPulumiError } from './errors';
import {
  HISTORY_PAGE_SIZE,
  commitOfVersion,
  historyArgs,
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

describe('the commit of a stack version', () => {
  const history: StackUpdate[] = [
    { version: 7, environment: { 'git.head': SHA, 'git.dirty': 'true' } },
    { version: 6, environment: { 'exec.kind': 'cli' } },
    { version: 5, environment: { 'git.head': 'b'.repeat(40) } },
  ];

  it('is the git.head Pulumi recorded for that update, with its git.dirty', () => {
    expect(commitOfVersion(history, 5, STACK)).toEqual({ sha: 'b'.repeat(40), dirty: false });
    expect(commitOfVersion(history, 7, STACK)).toEqual({ sha: SHA, dirty: true });
  });

  it('is an error for a version the history does not hold, saying which it holds', () => {
    expect(() => commitOfVersion(history, 4, STACK)).toThrow(
      `Stack ${STACK} has no version 4 (its history holds versions 5 to 7; see pulumi stack history --stack ${STACK}).`,
    );
    expect(() => commitOfVersion([], 1, STACK)).toThrow(`(it has no update history;`);
    expect(() => commitOfVersion(history, 1234567, STACK)).toThrow(
      'a commit sha made only of digits needs all 40 characters',
    );
  });

  it('is an error for a version without git.head', () => {
    expect(() => commitOfVersion(history, 6, STACK)).toThrow(
      `Version 6 of ${STACK} recorded no git commit (no git.head in its environment), so the source that produced it ` +
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
