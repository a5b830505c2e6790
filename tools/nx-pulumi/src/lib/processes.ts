import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { NxPulumiError } from './errors';

/**
 * Catches SIGINT and SIGTERM for the length of a multi-step operation, so that an interrupted rollback still
 * reaches its `finally` (the worktree must go) instead of dying between two steps. Running children get the
 * signal passed on; the operation stops at its next `check()`.
 */
export class Interruption {
  /** The first signal received, once there is one. */
  signal: NodeJS.Signals | undefined;
  private readonly children = new Set<ChildProcess>();
  private readonly handler = (signal: NodeJS.Signals) => {
    this.signal ??= signal;
    for (const child of this.children) child.kill(signal);
  };

  start(): this {
    process.on('SIGINT', this.handler).on('SIGTERM', this.handler);
    return this;
  }

  stop(): void {
    process.off('SIGINT', this.handler).off('SIGTERM', this.handler);
  }

  track(child: ChildProcess): void {
    this.children.add(child);
    child.once('close', () => this.children.delete(child));
  }

  /** Throws once a signal came in: `before` says what did not happen. */
  check(before: string): void {
    if (this.signal) throw new NxPulumiError(`Interrupted (${this.signal}) before ${before}.`);
  }
}

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CaptureOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  interruption?: Interruption;
  /** When set, every line of stdout and stderr is also printed with this prefix as it comes. */
  streamPrefix?: string;
}

function collect(input: NodeJS.ReadableStream | null, output: NodeJS.WritableStream, prefix?: string) {
  const chunks: Buffer[] = [];
  if (!input) return { text: () => '', done: Promise.resolve() };
  input.on('data', (chunk: Buffer | string) => chunks.push(Buffer.from(chunk)));
  const text = () => Buffer.concat(chunks).toString('utf8');
  // The child's 'close' comes after its streams are closed: only the line printer needs waiting for.
  if (prefix === undefined) return { text, done: Promise.resolve() };
  const lines = createInterface({ input, crlfDelay: Infinity });
  lines.on('line', (line) => output.write(`${prefix}${line}\n`));
  return { text, done: new Promise<void>((done) => lines.once('close', done)) };
}

/**
 * Runs `command args` (argument array, no shell) and resolves to its exit code and output once it is flushed.
 * A command that cannot be started at all (not installed) rejects with a one-line error.
 */
export function capture(
  command: string,
  args: readonly string[],
  options: CaptureOptions,
): Promise<Captured> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    options.interruption?.track(child);
    const out = collect(child.stdout, process.stdout, options.streamPrefix);
    const err = collect(child.stderr, process.stderr, options.streamPrefix);
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new NxPulumiError(`${command} not found on PATH (needed to run \`${command} ${args[0] ?? ''}\`).`)
          : error,
      );
    });
    child.once('close', (code) => {
      void Promise.all([out.done, err.done]).then(() =>
        resolvePromise({
          code: code ?? 1,
          stdout: out.text(),
          stderr: err.text(),
        }),
      );
    });
  });
}
