import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandNotFoundError, Interruption, InterruptedError, run } from './run';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'processes-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  jest.restoreAllMocks();
});

function captureOutput(): { stdout: string[]; stderr: string[] } {
  const captured = { stdout: [] as string[], stderr: [] as string[] };
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => captured.stdout.push(String(chunk)) > 0);
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => captured.stderr.push(String(chunk)) > 0);
  return captured;
}

/** `node -e <script>` in the temp folder. */
const node = (script: string, prefix?: string) =>
  run(process.execPath, ['-e', script], { cwd: dir, ...(prefix === undefined ? {} : { prefix }) });

describe('run', () => {
  it('returns the exit code and the whole output, printing nothing without a prefix', async () => {
    const output = captureOutput();
    const finished = await node(
      'process.stdout.write("one\\ntwo\\n"); process.stderr.write("err\\n"); process.exit(3)',
    );
    expect(finished).toEqual({ code: 3, stdout: 'one\ntwo\n', stderr: 'err\n' });
    expect(output).toEqual({ stdout: [], stderr: [] });
  });

  it('streams every line of stdout and stderr with the prefix, and still returns them', async () => {
    const output = captureOutput();
    const finished = await node('console.log("a"); console.log("b"); console.error("c")', '[network] ');
    expect(output.stdout).toEqual(['[network] a\n', '[network] b\n']);
    expect(output.stderr).toEqual(['[network] c\n']);
    expect(finished).toEqual({ code: 0, stdout: 'a\nb\n', stderr: 'c\n' });
  });

  it('runs in the folder it is given, with the environment it is given', async () => {
    const finished = await run(
      process.execPath,
      ['-e', 'process.stdout.write(process.cwd() + " " + process.env.ONLY)'],
      {
        cwd: dir,
        env: { ONLY: 'this' },
      },
    );
    expect(finished.stdout).toBe(`${dir} this`);
  });

  it('passes a SIGTERM of this process on to the command, and stops listening once it is gone', async () => {
    const listeners = process.listenerCount('SIGTERM');
    const started = Date.now();
    const running = node('console.log("up"); setTimeout(() => {}, 30000)');
    await new Promise((done) => setTimeout(done, 500));
    expect(process.listenerCount('SIGTERM')).toBe(listeners + 1);
    process.emit('SIGTERM', 'SIGTERM');
    await expect(running).resolves.toMatchObject({ code: 1, stdout: 'up\n' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(process.listenerCount('SIGTERM')).toBe(listeners);
  });

  it('rejects a command that is not installed with one line, its own when given', async () => {
    await expect(run(join(dir, 'nothing'), ['up'], { cwd: dir })).rejects.toThrow(
      new CommandNotFoundError(
        `${join(dir, 'nothing')} not found on PATH (needed to run \`${join(dir, 'nothing')} up\`).`,
      ),
    );
    await expect(
      run(join(dir, 'pulumi'), ['up'], { cwd: dir, notFound: 'Pulumi CLI not found: install it.' }),
    ).rejects.toThrow(new CommandNotFoundError('Pulumi CLI not found: install it.'));
  });
});

describe('an interruption', () => {
  it('records the first signal and stops the operation at its next check, saying what did not happen', () => {
    const interruption = new Interruption().start();
    try {
      expect(() => interruption.check('the preview')).not.toThrow();
      process.emit('SIGINT', 'SIGINT');
      process.emit('SIGTERM', 'SIGTERM');
      expect(() => interruption.check('the preview')).toThrow(
        new InterruptedError('Interrupted (SIGINT) before the preview.'),
      );
    } finally {
      interruption.stop();
    }
  });

  it('stops listening when the operation ends', () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const interruption = new Interruption().start();
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(
      before.map((n) => n + 1),
    );
    interruption.stop();
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
  });
});
