import { spawnSync } from 'node:child_process';
import { ENVIRONMENTS } from '@payments/config';
import { WORKSPACE_ROOT, cleanEnv } from '@payments/nx-pulumi';

export interface SynthFigures {
  label: string;
  seconds: number;
  /** Peak resident memory of the largest single process (GNU time's %M), MiB. */
  peakMiB: number;
}

// cleanEnv turns the cache off; Nx reads any value of NX_SKIP_NX_CACHE as on, so drop it.
const { NX_SKIP_NX_CACHE: _skip, ...withCache } = cleanEnv({});

/** Synth of every stack of every environment (12 stacks), one `nx run-many` per environment, timed by GNU time. */
function timedSynth(label: string): SynthFigures {
  const args = ['-f', '%e %M', 'npx', 'nx', 'run-many', '-t', 'synth', '--outputStyle=static'];
  let seconds = 0;
  let peakKiB = 0;
  for (const env of ENVIRONMENTS) {
    const run = spawnSync('/usr/bin/time', [...args, `--env=${env}`], {
      cwd: WORKSPACE_ROOT,
      env: withCache,
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`synth --env=${env} failed:\n${run.stdout}\n${run.stderr}`);
    const [wall, kib] = run.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
    seconds += wall!;
    peakKiB = Math.max(peakKiB, kib!);
  }
  return { label, seconds, peakMiB: peakKiB / 1024 };
}

export function benchSynth(): SynthFigures[] {
  // Cold: an empty Nx cache (and project graph), as on a fresh clone; then the same runs again, from the cache.
  const reset = spawnSync('npx', ['nx', 'reset'], { cwd: WORKSPACE_ROOT, env: withCache, encoding: 'utf8' });
  if (reset.status !== 0) throw new Error(`nx reset failed:\n${reset.stdout}\n${reset.stderr}`);
  return [timedSynth('cold (after nx reset)'), timedSynth('cached')];
}
