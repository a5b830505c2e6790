import { NxPulumiError } from './errors';
import { HISTORY_PAGE_SIZE, historyArgs, numberHistory, parseHistory, type StackUpdate } from './history';

const STACK = 'organization/payments-database/prod';

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
