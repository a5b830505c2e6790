import { spawnSync, type SpawnSyncOptions } from 'node:child_process';

export interface Timed {
  seconds: number;
  /** Peak resident memory of the largest single process of the command's tree (GNU time's %M), MiB. */
  peakMiB: number;
}

export const TIME = '/usr/bin/time';

/** Runs a command under GNU time; throws with its output when it fails. */
export function timed(command: string, args: string[], options: SpawnSyncOptions & { cwd: string }): Timed {
  const run = spawnSync(TIME, ['-f', '%e %M', command, ...args], {
    ...options,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  const stderr = String(run.stderr);
  if (run.status !== 0) {
    const tail = `${String(run.stdout)}\n${stderr}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed (exit ${run.status}) in ${options.cwd}:\n${tail}`);
  }
  const [wall, kib] = stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: wall!, peakMiB: kib! / 1024 };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** `median [min-max]` of seconds. */
export function spread(values: readonly number[], digits = 2): string {
  if (values.length === 0) return 'n/a';
  const f = (n: number) => n.toFixed(digits);
  return values.length === 1
    ? `${f(values[0]!)} s`
    : `${f(median(values))} s [${f(Math.min(...values))}-${f(Math.max(...values))}]`;
}
