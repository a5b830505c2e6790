import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWS } from '@payments/aws-types';
import { HARNESS_ROOT, runHarness, runInProcess, type HarnessRequest } from './harness';

// The one launcher of the harness (synth's own, and rollback's with an old commit's checkout), on small programs.

jest.setTimeout(60_000);

const projectDir = join(__dirname, '..');

function request(program: string): HarnessRequest {
  return {
    programPath: join(__dirname, 'testing', 'programs', `${program}.ts`),
    project: 'payments-test',
    env: 'dev',
    config: {},
    stackOutputs: { 'organization/payments-network/dev': { vpcId: 'vpc-0123456789abcdef0' } },
  };
}

describe('runHarness', () => {
  it('returns what the program registered, exported, marked secret and read from its StackReferences', async () => {
    const outcome = await runHarness({
      root: HARNESS_ROOT,
      projectDir,
      request: request('reads-and-registers'),
    });
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.resources.map((r) => [r.type, r.name, r.protect, r.secretPaths])).toEqual([
      [AWS.kmsKey, 'key', true, ['description']],
    ]);
    expect(outcome.outputs).toEqual({
      keyArn: expect.stringMatching(/^arn:aws:kms:/),
      vpcId: 'vpc-0123456789abcdef0',
      token: 't',
    });
    expect(outcome.secretOutputs).toEqual(['token']);
    expect(outcome.reads).toEqual([{ stack: 'organization/payments-network/dev', outputs: ['vpcId'] }]);
  });

  it("reports a program that throws with the program's own message", async () => {
    expect(await runHarness({ root: HARNESS_ROOT, projectDir, request: request('throws') })).toEqual({
      ok: false,
      reason: 'failed',
      error: 'the program refuses: config is missing',
    });
  });

  it('reports a program that kills its process with the exit code and its last words', async () => {
    const outcome = await runHarness({ root: HARNESS_ROOT, projectDir, request: request('exits') });
    expect(outcome).toMatchObject({ ok: false, reason: 'crashed' });
    expect(outcome.ok ? '' : outcome.error).toMatch(
      /^the program crashed before finishing \(exit 7\):\n(.*\n)*about to die$/,
    );
  });

  it('reports a workspace without a harness, such as a commit from before the synth engine', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'harness-spec-'));
    try {
      expect(await runHarness({ root: empty, projectDir, request: request('throws') })).toMatchObject({
        ok: false,
        reason: 'no-harness',
      });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('runInProcess', () => {
  it('returns what the child harness returns for the same program', async () => {
    const inProcess = await runInProcess({ projectDir, request: request('reads-and-registers') });
    const child = await runHarness({
      root: HARNESS_ROOT,
      projectDir,
      request: request('reads-and-registers'),
    });
    expect(inProcess.ok).toBe(true);
    expect(inProcess).toEqual(child);
  });

  it("reports a program that throws with the program's own message", async () => {
    expect(await runInProcess({ projectDir, request: request('throws') })).toEqual({
      ok: false,
      reason: 'failed',
      error: 'the program refuses: config is missing',
    });
  });

  it('reports a program that calls process.exit as crashed, and this process carries on in its own folder', async () => {
    const cwd = process.cwd();
    const exit = process.exit;
    expect(await runInProcess({ projectDir, request: request('exits') })).toEqual({
      ok: false,
      reason: 'crashed',
      error: 'the program crashed before finishing (exit 7)',
    });
    expect(process.exit).toBe(exit);
    expect(process.cwd()).toBe(cwd);
  });

  it('runs overlapping requests one after the other, each with its own exports and reads', async () => {
    const other = { 'organization/payments-network/dev': { vpcId: 'vpc-0fedcba9876543210' } };
    const [first, second] = await Promise.all([
      runInProcess({ projectDir, request: request('reads-and-registers') }),
      runInProcess({ projectDir, request: { ...request('reads-and-registers'), stackOutputs: other } }),
    ]);
    for (const [outcome, vpcId] of [
      [first, 'vpc-0123456789abcdef0'],
      [second, 'vpc-0fedcba9876543210'],
    ] as const) {
      if (!outcome.ok) throw new Error(outcome.error);
      expect(outcome.outputs['vpcId']).toBe(vpcId);
      expect(outcome.resources).toHaveLength(1);
      expect(outcome.reads).toEqual([{ stack: 'organization/payments-network/dev', outputs: ['vpcId'] }]);
    }
  });
});
