import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A command that is not installed (or vanished): its message says which and, when the caller knows, how to fix it. */
export class CommandNotFoundError extends Error {
  override readonly name = 'CommandNotFoundError';
}

/** A multi-step operation stopped by SIGINT or SIGTERM between two steps: the message says what did not happen. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
}

/**
 * Catches SIGINT and SIGTERM for the length of a multi-step operation, so that an interrupted operation still
 * reaches its `finally` (a rollback's worktree must go) instead of dying between two steps; it stops at its next
 * `check()`. A command running at that moment gets the signal from `run`, which passes it on.
 */
export class Interruption {
  /** The first signal received, once there is one. */
  signal: NodeJS.Signals | undefined;
  private readonly handler = (signal: NodeJS.Signals) => {
    this.signal ??= signal;
  };

  start(): this {
    process.on('SIGINT', this.handler).on('SIGTERM', this.handler);
    return this;
  }

  stop(): void {
    process.off('SIGINT', this.handler).off('SIGTERM', this.handler);
  }

  /** Throws once a signal came in: `before` says what did not happen. */
  check(before: string): void {
    if (this.signal) throw new InterruptedError(`Interrupted (${this.signal}) before ${before}.`);
  }
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** When set, every line of stdout and stderr is also printed as it comes, after this prefix (`[network] `). */
  prefix?: string;
  /** The message when the command cannot be started because it is not installed. */
  notFound?: string;
}

export interface Finished {
  code: number;
  stdout: string;
  stderr: string;
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
 * Runs `command args` (an argument array, no shell) and resolves to its exit code and output once they are
 * flushed. While it runs, SIGINT and SIGTERM sent to this process are passed on to it, so that a tool such as
 * Pulumi cancels cleanly (and releases its lock) instead of running on as an orphan. A command that cannot be
 * started because it is not installed rejects with a one-line `CommandNotFoundError`.
 */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<Finished> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = collect(child.stdout, process.stdout, options.prefix);
    const err = collect(child.stderr, process.stderr, options.prefix);
    const passOn = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', passOn).on('SIGTERM', passOn);
    const stopPassingOn = () => process.off('SIGINT', passOn).off('SIGTERM', passOn);
    child.once('error', (error: NodeJS.ErrnoException) => {
      stopPassingOn();
      reject(
        error.code === 'ENOENT'
          ? new CommandNotFoundError(
              options.notFound ??
                `${command} not found on PATH (needed to run \`${command} ${args[0] ?? ''}\`).`,
            )
          : error,
      );
    });
    child.once('close', (code) => {
      stopPassingOn();
      void Promise.all([out.done, err.done]).then(() =>
        resolvePromise({ code: code ?? 1, stdout: out.text(), stderr: err.text() }),
      );
    });
  });
}
